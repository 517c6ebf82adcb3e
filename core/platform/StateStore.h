#pragma once

// Where the control plane's committed state lives across restarts. Two kinds
// behind this one interface: SqliteStore (the default, issue 16) and
// JournalStore (the line journal of earlier versions, kept to measure against).
#include "Decision.h"
#include "Error.h"

namespace clonedeck {

class StateStore
{
public:
    virtual ~StateStore() = default;

    virtual QString kind() const = 0; // "sqlite", "journal"
    virtual QString path() const = 0; // the file, for messages
    // Opens (creating, migrating or importing as needed) and returns what is committed.
    // A store it cannot trust (corrupt, from a newer version) is refused, never replaced.
    virtual Result<StoredState> load() = 0;
    // Makes the decision durable, all of it or (on an error: ENOSPC, EROFS, EIO...) none of it.
    virtual Status commit(const Decision &decision) = 0;
    // A ticket's or a domain's transitions, oldest first. ENOSYS where none are kept.
    virtual Result<QList<Transition>> history(Transition::Subject subject, const QString &key) = 0;
};

} // namespace clonedeck
