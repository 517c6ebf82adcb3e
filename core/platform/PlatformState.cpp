#include "PlatformState.h"

namespace clonedeck {

namespace {

// The pool's address a domain holds: its ip, or its sshHost when a backend reports an ip on
// another network (QEMU: ip = the private 10.77.x.y, sshHost = the allocated 127.77.x.y its SSH
// forward listens on). Freeing it on that report handed it to the next clone, whose forward then
// could not bind it. AddressPool ignores addresses outside its range, so both are passed.
template<typename Use>
void forEachAddress(const DomainInfo &domain, Use use)
{
    use(domain.ip);
    if (domain.sshHost != domain.ip)
        use(domain.sshHost);
}

} // namespace

PlatformState::PlatformState(const PlatformConfig &config)
    : m_config(config)
    , m_ledger(config.hosts)
    , m_addresses(config.addressBase)
{}

void PlatformState::reset(const StoredState &stored)
{
    m_stored = stored;
    m_ledger = CapacityLedger(m_config.hosts);
    m_addresses = AddressPool(m_config.addressBase);
    for (const DomainInfo &domain : std::as_const(m_stored.domains)) {
        m_ledger.addUse(domain.host, domain.vcpus, domain.memoryMb);
        forEachAddress(domain, [this](const QString &address) { m_addresses.markUsed(address); });
    }
    for (const TicketInfo &ticket : std::as_const(m_stored.tickets)) {
        if (ticket.state == TicketState::Granted)
            m_ledger.addReservation(ticket.allocation, ticket.vcpus, ticket.memoryMb);
    }
}

void PlatformState::putTicket(const Decision::TicketChange &change, const QString &id)
{
    if (const auto old = m_stored.tickets.constFind(id);
        old != m_stored.tickets.constEnd() && old->state == TicketState::Granted)
        m_ledger.unreserve(old->allocation, old->vcpus, old->memoryMb);
    m_stored.waitingRequests.remove(id);
    if (!change.ticket) {
        m_stored.tickets.remove(id);
        return;
    }
    const TicketInfo &ticket = *change.ticket;
    if (ticket.state == TicketState::Granted)
        m_ledger.addReservation(ticket.allocation, ticket.vcpus, ticket.memoryMb);
    if (ticket.state == TicketState::Pending)
        m_stored.waitingRequests.insert(id, change.waitingRequest);
    m_stored.tickets.insert(id, ticket);
}

void PlatformState::putDomain(const std::optional<DomainInfo> &domain, int domid)
{
    if (const auto old = m_stored.domains.constFind(domid); old != m_stored.domains.constEnd()) {
        m_ledger.releaseUse(old->host, old->vcpus, old->memoryMb);
        forEachAddress(*old, [this](const QString &address) { m_addresses.release(address); });
    }
    if (!domain) {
        m_stored.domains.remove(domid);
        return;
    }
    m_ledger.addUse(domain->host, domain->vcpus, domain->memoryMb);
    forEachAddress(*domain, [this](const QString &address) { m_addresses.markUsed(address); });
    m_stored.domains.insert(domid, *domain);
}

void PlatformState::apply(const Decision &decision)
{
    for (auto it = decision.tickets().begin(); it != decision.tickets().end(); ++it)
        putTicket(it.value(), it.key());
    for (auto it = decision.domains().begin(); it != decision.domains().end(); ++it)
        putDomain(it.value(), it.key());
    for (const ActedRequest &acted : decision.requests())
        m_stored.actedRequests.insert({acted.domid, acted.requestId}, acted.atMs);
    m_stored.counters = decision.counters();
}

bool PlatformState::wasActedOn(int domid, const QString &requestId) const
{
    return m_stored.actedRequests.contains({domid, requestId});
}

bool PlatformState::madeBy(int domid, const QString &requestId, const QString &ticket) const
{
    const auto domain = m_stored.domains.constFind(domid);
    if (domain == m_stored.domains.constEnd() || domain->role != DomainRole::Clone ||
        domain->ticket != ticket)
        return false;
    // DomainLifecycle::clone gives its clones the request's own time as their creation. Any other id
    // of the master's, even an equal one acted on later, is the clone's own: ids are unique per domain.
    const auto acted = m_stored.actedRequests.constFind({domain->master, requestId});
    return acted != m_stored.actedRequests.constEnd() && acted.value() == domain->createdMs;
}

void PlatformState::forgetRequestsBefore(qint64 cutoffMs)
{
    m_stored.actedRequests.removeIf([cutoffMs](const auto &entry) { return entry.value() < cutoffMs; });
}

IdCounters PlatformState::countersAfter(const Decision &decision) const
{
    IdCounters next = m_stored.counters;
    for (auto it = decision.domains().begin(); it != decision.domains().end(); ++it)
        next.nextDomid = std::max(next.nextDomid, it.key() + 1);
    for (auto it = decision.tickets().begin(); it != decision.tickets().end(); ++it)
        next.nextTicket = std::max(next.nextTicket, it.key().mid(1).toLongLong() + 1);
    return next;
}

QList<Transition> PlatformState::transitionsOf(const Decision &decision, qint64 nowMs) const
{
    QList<Transition> transitions;
    for (auto it = decision.tickets().begin(); it != decision.tickets().end(); ++it) {
        const auto old = m_stored.tickets.constFind(it.key());
        const auto &ticket = it->ticket;
        if (!ticket || (old != m_stored.tickets.constEnd() && old->state == ticket->state))
            continue; // retired, or no change of state
        transitions.append(Transition{Transition::Subject::Ticket, ticket->id, ticket->owner,
                                      toString(ticket->state), nowMs, ticket->error});
    }
    for (auto it = decision.domains().begin(); it != decision.domains().end(); ++it) {
        const auto old = m_stored.domains.constFind(it.key());
        const bool existed = old != m_stored.domains.constEnd();
        const auto &domain = it.value();
        if (!domain && existed) {
            transitions.append(Transition{Transition::Subject::Domain,
                                          QString::number(it.key()),
                                          old->master,
                                          QStringLiteral("destroyed"),
                                          nowMs,
                                          {}});
        } else if (domain && (!existed || old->state != domain->state || old->error != domain->error)) {
            transitions.append(Transition{Transition::Subject::Domain, QString::number(it.key()),
                                          domain->master, toString(domain->state), nowMs, domain->error});
        }
    }
    return transitions;
}

QStringList PlatformState::ticketsToRetire(const Decision &decision, int kept) const
{
    const bool finishesOne = std::any_of(
        decision.tickets().begin(), decision.tickets().end(),
        [](const Decision::TicketChange &change) { return change.ticket && isFinal(change.ticket->state); });
    if (!finishesOne)
        return {};
    QList<qint64> finished;
    for (const TicketInfo &ticket : m_stored.tickets) {
        const auto change = decision.tickets().constFind(ticket.id);
        const bool final = change != decision.tickets().constEnd()
                               ? change->ticket && isFinal(change->ticket->state)
                               : isFinal(ticket.state);
        if (final)
            finished.append(ticket.id.mid(1).toLongLong());
    }
    for (auto it = decision.tickets().begin(); it != decision.tickets().end(); ++it) {
        if (!m_stored.tickets.contains(it.key()) && it->ticket && isFinal(it->ticket->state))
            finished.append(it.key().mid(1).toLongLong());
    }
    if (finished.size() <= kept)
        return {};
    std::sort(finished.begin(), finished.end()); // ticket numbers are in arrival order
    QStringList oldest;
    for (qsizetype i = 0; i < finished.size() - kept; ++i)
        oldest.append(QStringLiteral("t%1").arg(finished[i]));
    return oldest;
}

} // namespace clonedeck
