#pragma once

// The control plane's state in SQLite (issue 16): one transaction per decision,
// WAL with synchronous=FULL, so a commit that returned is on disk and a commit
// cut short by a crash, a full disk or a file size limit leaves every earlier
// one intact. Schema and migrations: SqliteSchema. A journal left by an earlier
// version is imported once, in one transaction, and renamed `journal.imported`.
#include "StateStore.h"

#include <memory>

namespace clonedeck {

class SqliteDatabase;

class SqliteStore : public StateStore
{
public:
    SqliteStore(QString path, QString legacyJournalPath);
    ~SqliteStore() override;

    QString kind() const override { return QStringLiteral("sqlite"); }
    QString path() const override { return m_path; }
    Result<StoredState> load() override;
    Status commit(const Decision &decision) override;
    Result<QList<Transition>> history(Transition::Subject subject, const QString &key) override;

    // How long request ids are remembered, and how many transitions are kept.
    static constexpr qint64 kRequestRetentionMs = 24 * 3600 * 1000;
    static constexpr int kTransitionsKept = 100000;

private:
    Status openDatabase();
    Status importLegacyJournal();
    Status write(const Decision &decision, bool markJournalImported = false);
    Status writeTicket(const QString &id, const Decision::TicketChange &change);
    Status writeAllocation(const QString &ticket, const QMap<QString, int> &perHost, const QString &what);
    Status writeDomain(int domid, const std::optional<DomainInfo> &domain);
    Status writeBookkeeping(const Decision &decision);
    Status prune();
    Status readTickets(StoredState &state);
    Status readDomains(StoredState &state);
    Status readCounters(StoredState &state);
    Status readRequests(StoredState &state);

    QString m_path;
    QString m_legacyJournalPath;
    std::unique_ptr<SqliteDatabase> m_db;
    int m_commitsSincePrune = 0;
};

} // namespace clonedeck
