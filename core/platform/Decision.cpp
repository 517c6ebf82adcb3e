#include "Decision.h"

namespace clonedeck {

void Decision::putTicket(const TicketInfo &ticket, const QString &waitingRequest)
{
    m_tickets.insert(ticket.id, TicketChange{ticket, waitingRequest});
}

void Decision::dropTicket(const QString &id)
{
    m_tickets.insert(id, TicketChange{});
}

void Decision::putDomain(const DomainInfo &domain)
{
    m_domains.insert(domain.domid, domain);
}

void Decision::dropDomain(int domid)
{
    m_domains.insert(domid, std::nullopt);
}

void Decision::actOn(int domid, const QString &requestId, const QString &op, qint64 atMs)
{
    if (!requestId.isEmpty())
        m_requests.append(ActedRequest{domid, requestId, op, atMs});
}

} // namespace clonedeck
