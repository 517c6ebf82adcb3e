#pragma once

// The reply to `history` (docs/protocol.md, "Requests"): a ticket's or a
// domain's state transitions with times, in one record. Built by the platform,
// read by clonectl and any other client.
#include "Record.h"

namespace clonedeck {

struct HistoryEntry
{
    QString state; // a ticket or domain state name, or "destroyed"
    qint64 atMs = 0;
    bool operator==(const HistoryEntry &) const = default;
};

struct HistoryRecord
{
    QString subject;             // "ticket" or "domain"
    QString key;                 // the ticket id or the domid
    int total = 0;               // transitions recorded; the oldest are left out when they do not all fit
    QList<HistoryEntry> entries; // oldest first
    QString lastError;           // the reason of the latest failure, if any

    // Fields of a reply; entries as `state@ms,...`, dropping the oldest until the record fits.
    Record toFields() const;
    static Result<HistoryRecord> fromFields(const Record &fields);
};

} // namespace clonedeck
