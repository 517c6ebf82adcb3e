#pragma once

// The control plane's state in the line journal of earlier versions (Journal):
// tickets, domains and counters, no history and no request ids. Kept behind
// StateStore so benchmarks measure it against SqliteStore in one run
// (`clonedeckd --store journal`), and read once to import an old run directory.
#include "Journal.h"
#include "StateStore.h"

namespace clonedeck {

class JournalStore : public StateStore
{
public:
    explicit JournalStore(QString path);

    QString kind() const override { return QStringLiteral("journal"); }
    QString path() const override { return m_journal.path(); }
    Result<StoredState> load() override;
    Status commit(const Decision &decision) override;
    Result<QList<Transition>> history(Transition::Subject subject, const QString &key) override;

    // What a journal's contents say, as the control plane keeps it.
    static StoredState toState(const Journal::Contents &contents);

private:
    Journal m_journal;
};

} // namespace clonedeck
