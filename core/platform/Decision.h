#pragma once

// One decision of the control plane as it must become durable: the tickets and
// domains it puts or drops, the request it acts on, and (filled in by
// CommittedState) the counters and state transitions that follow. A store
// commits a decision whole or not at all: a clone request of a hundred clones is
// one decision, one commit.
#include "StoredState.h"

#include <optional>

namespace clonedeck {

class Decision
{
public:
    struct TicketChange
    {
        std::optional<TicketInfo> ticket; // nullopt: dropped
        QString waitingRequest;           // a pending ticket's request, answered when it is decided
    };

    void putTicket(const TicketInfo &ticket, const QString &waitingRequest = {});
    void dropTicket(const QString &id);
    void putDomain(const DomainInfo &domain);
    void dropDomain(int domid);
    // Records that this decision acts on the domain's request, so it is never acted on twice.
    void actOn(int domid, const QString &requestId, const QString &op, qint64 atMs);

    const QMap<QString, TicketChange> &tickets() const { return m_tickets; }
    const QMap<int, std::optional<DomainInfo>> &domains() const { return m_domains; }
    const QList<ActedRequest> &requests() const { return m_requests; }
    bool isEmpty() const { return m_tickets.isEmpty() && m_domains.isEmpty() && m_requests.isEmpty(); }

    // Filled in by CommittedState just before the store commits.
    const IdCounters &counters() const { return m_counters; }
    void setCounters(const IdCounters &counters) { m_counters = counters; }
    const QList<Transition> &transitions() const { return m_transitions; }
    void setTransitions(QList<Transition> transitions) { m_transitions = std::move(transitions); }

private:
    QMap<QString, TicketChange> m_tickets;
    QMap<int, std::optional<DomainInfo>> m_domains;
    QList<ActedRequest> m_requests;
    IdCounters m_counters;
    QList<Transition> m_transitions;
};

} // namespace clonedeck
