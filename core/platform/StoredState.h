#pragma once

// What the control plane keeps across restarts, as a store loads it: tickets
// (with the request a pending one still owes a reply to), domains, the id
// counters, and the requests already acted on. Also the history rows a store
// records and `history` serves.
#include "PlatformRecords.h"

#include <QHash>
#include <QList>
#include <QMap>
#include <QPair>
#include <QString>

namespace clonedeck {

struct IdCounters
{
    int nextDomid = 1;
    qint64 nextTicket = 1;
    bool operator==(const IdCounters &) const = default;
};

// A request id a domain used, once the platform committed something for it.
struct ActedRequest
{
    int domid = 0;
    QString requestId;
    QString op;
    qint64 atMs = 0;
};

// One change of a ticket's or a domain's state, for `history`.
struct Transition
{
    enum class Subject
    {
        Ticket,
        Domain
    };
    Subject subject = Subject::Ticket;
    QString key;   // ticket id or domid
    int owner = 0; // the ticket's owner, the domain's master: who may read it
    QString state; // a TicketState/DomainState name, or "destroyed"
    qint64 atMs = 0;
    QString detail; // the reason of a failure
};

struct StoredState
{
    QMap<QString, TicketInfo> tickets;
    QHash<QString, QString> waitingRequests; // pending ticket id -> the request id its reply goes to
    QMap<int, DomainInfo> domains;
    IdCounters counters;
    QHash<QPair<int, QString>, qint64> actedRequests; // (domid, request id) -> when (recent ones)
};

} // namespace clonedeck
