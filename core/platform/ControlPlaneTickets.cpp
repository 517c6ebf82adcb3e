// Tickets: reservations of capacity for up to N clones, with SnowFlock's
// semantics: grant m <= n at once if anything fits, wait while nothing fits, and
// fail with EBUSY when the caller's timeout passes.
#include "ControlPlane.h"

#include "Log.h"
#include "ProtocolPaths.h"
#include "XenstoreConnection.h"

namespace clonedeck {

namespace {
Record grantFields(const TicketInfo &ticket)
{
    Record fields;
    fields.set(QStringLiteral("ticket"), ticket.id);
    fields.set(QStringLiteral("granted"), ticket.granted);
    fields.set(QStringLiteral("requested"), ticket.requested);
    fields.set(QStringLiteral("expires"), ticket.expiresMs);
    return fields;
}

Error busy(const TicketInfo &ticket)
{
    return Error{EBUSY, ticket.id,
                 QStringLiteral("no resources for %1 vCPU / %2 MB within %3 ms")
                     .arg(ticket.vcpus)
                     .arg(ticket.memoryMb)
                     .arg(ticket.timeoutMs)};
}
} // namespace

Status ControlPlane::setTicket(const TicketInfo &ticket)
{
    Record record = ticket.toRecord();
    if (const auto pending = m_pending.find(ticket.id); pending != m_pending.end()) {
        record.set(QStringLiteral("req_domid"), pending->domid);
        record.set(QStringLiteral("req_id"), pending->requestId);
    }
    if (auto written = journal({Journal::put(QStringLiteral("ticket"), ticket.id, record)}); !written)
        return written;
    m_tickets.insert(ticket.id, ticket);
    publishTicket(ticket);
    return Done{};
}

Reply ControlPlane::requestTicket(int domid, const QString &requestId, const Request &request)
{
    const auto owner = m_domains.constFind(domid);
    if (owner == m_domains.constEnd() || owner->role != DomainRole::Master)
        return Reply::failure(permissionDenied(QStringLiteral("only a master can request tickets")));
    const auto pendingOfDomain = std::count_if(m_pending.begin(), m_pending.end(),
                                               [domid](const PendingTicket &p) { return p.domid == domid; });
    if (pendingOfDomain >= m_config.maxPendingPerDomain)
        return Reply::failure(Error{EAGAIN, {}, QStringLiteral("too many pending ticket requests")});

    TicketInfo ticket;
    ticket.id = QStringLiteral("t%1").arg(m_nextTicket++);
    ticket.owner = domid;
    ticket.cluster = owner->cluster;
    ticket.requested = request.count;
    ticket.vcpus = request.vcpus;
    ticket.memoryMb = request.memoryMb;
    ticket.timeoutMs = request.timeoutMs;
    ticket.createdMs = now();

    const auto [allocation, reserved] = m_ledger.reserve(request.count, request.vcpus, request.memoryMb);
    if (reserved > 0) {
        ticket.state = TicketState::Granted;
        ticket.granted = reserved;
        ticket.allocation = allocation;
        ticket.expiresMs = ticket.createdMs + m_config.ticketTtlMs;
        publishHosts(); // the reservation shows before the ticket that holds it
        if (auto saved = setTicket(ticket); !saved) {
            m_ledger.unreserve(allocation, request.vcpus, request.memoryMb);
            publishHosts();
            return Reply::failure(saved.error());
        }
        scheduleTimers();
        spdlog::info("ticket {}: granted {} of {} to domain {}", ticket.id, reserved, request.count, domid);
        return Reply::success(grantFields(ticket));
    }
    if (request.timeoutMs == 0) {
        ticket.state = TicketState::Failed;
        ticket.error = busy(ticket).message;
        if (auto saved = setTicket(ticket); !saved)
            return Reply::failure(saved.error());
        return Reply::failure(busy(ticket));
    }
    ticket.state = TicketState::Pending;
    m_pending.insert(ticket.id, PendingTicket{domid, requestId, ticket.createdMs + request.timeoutMs});
    if (auto saved = setTicket(ticket); !saved) {
        m_pending.remove(ticket.id);
        return Reply::failure(saved.error());
    }
    scheduleTimers();
    spdlog::info("ticket {}: pending for domain {} (nothing fits now)", ticket.id, domid);
    Record marker;
    marker.set(QStringLiteral("pending"), QStringLiteral("1"));
    return Reply::success(marker);
}

void ControlPlane::grantPending()
{
    if (m_pending.isEmpty())
        return;
    // First come, first served: tickets are numbered in arrival order.
    QList<QString> order = m_pending.keys();
    std::sort(order.begin(), order.end(), [](const QString &a, const QString &b) {
        return a.mid(1).toLongLong() < b.mid(1).toLongLong();
    });
    const qint64 nowMs = now();
    for (const QString &id : order) {
        const PendingTicket waiter = m_pending.value(id);
        TicketInfo ticket = m_tickets.value(id);
        if (nowMs >= waiter.deadlineMs) {
            ticket.state = TicketState::Failed;
            ticket.error = busy(ticket).message;
            m_pending.remove(id);
            setTicket(ticket);
            reply(waiter.domid, waiter.requestId, Reply::failure(busy(ticket)));
            spdlog::info("ticket {}: failed, EBUSY after {} ms", id, ticket.timeoutMs);
            continue;
        }
        const auto [allocation, reserved] = m_ledger.reserve(ticket.requested, ticket.vcpus, ticket.memoryMb);
        if (reserved == 0)
            continue;
        ticket.state = TicketState::Granted;
        ticket.granted = reserved;
        ticket.allocation = allocation;
        ticket.expiresMs = nowMs + m_config.ticketTtlMs;
        m_pending.remove(id);
        publishHosts();
        if (auto saved = setTicket(ticket); !saved) {
            m_ledger.unreserve(allocation, ticket.vcpus, ticket.memoryMb);
            publishHosts();
            reply(waiter.domid, waiter.requestId, Reply::failure(saved.error()));
            continue;
        }
        reply(waiter.domid, waiter.requestId, Reply::success(grantFields(ticket)));
        spdlog::info("ticket {}: granted {} of {} after waiting", id, reserved, ticket.requested);
    }
    retireFinishedTickets();
}

void ControlPlane::expireTickets()
{
    const qint64 nowMs = now();
    bool changed = false;
    for (TicketInfo ticket : std::as_const(m_tickets)) {
        if (ticket.state != TicketState::Granted || ticket.expiresMs == 0 || ticket.expiresMs > nowMs)
            continue;
        ticket.state = TicketState::Expired;
        // Capacity first, then the ticket: whoever sees the ticket expired sees the slots free.
        m_ledger.unreserve(ticket.allocation, ticket.vcpus, ticket.memoryMb);
        publishHosts();
        if (!setTicket(ticket)) {
            m_ledger.addReservation(ticket.allocation, ticket.vcpus, ticket.memoryMb);
            publishHosts();
            continue;
        }
        changed = true;
        spdlog::info("ticket {}: expired unused, {} slot(s) returned", ticket.id, ticket.granted);
    }
    if (changed) {
        publishHosts();
        retireFinishedTickets();
    }
}

void ControlPlane::scheduleTimers()
{
    qint64 earliest = std::numeric_limits<qint64>::max();
    for (const PendingTicket &pending : std::as_const(m_pending))
        earliest = std::min(earliest, pending.deadlineMs);
    for (const TicketInfo &ticket : std::as_const(m_tickets)) {
        if (ticket.state == TicketState::Granted && ticket.expiresMs > 0)
            earliest = std::min(earliest, ticket.expiresMs);
    }
    if (earliest == std::numeric_limits<qint64>::max()) {
        m_deadlineTimer.stop();
        return;
    }
    m_deadlineTimer.start(int(std::clamp<qint64>(earliest - now(), 0, 24 * 3600 * 1000)));
}

Reply ControlPlane::releaseTicket(int domid, const QString &ticketId)
{
    if (!m_tickets.contains(ticketId))
        return Reply::failure(Error{ENOENT, ticketId, QStringLiteral("no such ticket")});
    TicketInfo ticket = m_tickets.value(ticketId);
    if (domid != 0 && ticket.owner != domid)
        return Reply::failure(permissionDenied(
            QStringLiteral("ticket %1 belongs to domain %2").arg(ticketId).arg(ticket.owner)));
    if (ticket.state == TicketState::Used)
        return kill(domid, Request::killTicket(ticketId));
    if (isFinal(ticket.state))
        return Reply::failure(
            Error{EINVAL, ticketId, QStringLiteral("ticket already %1").arg(toString(ticket.state))});
    const TicketState previous = ticket.state;
    ticket.state = TicketState::Released;
    if (previous == TicketState::Granted) {
        m_ledger.unreserve(ticket.allocation, ticket.vcpus, ticket.memoryMb);
        publishHosts();
    }
    if (auto saved = setTicket(ticket); !saved) {
        if (previous == TicketState::Granted) {
            m_ledger.addReservation(ticket.allocation, ticket.vcpus, ticket.memoryMb);
            publishHosts();
        }
        return Reply::failure(saved.error());
    }
    if (previous == TicketState::Granted) {
        grantPending();
    } else if (const auto waiter = m_pending.take(ticketId); !waiter.requestId.isEmpty()) {
        reply(waiter.domid, waiter.requestId,
              Reply::failure(Error{ECANCELED, ticketId, QStringLiteral("released while pending")}));
    }
    scheduleTimers();
    Record fields;
    fields.set(QStringLiteral("ticket"), ticketId);
    return Reply::success(fields);
}

void ControlPlane::retireFinishedTickets()
{
    QList<QString> finished;
    for (const TicketInfo &ticket : std::as_const(m_tickets)) {
        if (isFinal(ticket.state))
            finished.append(ticket.id);
    }
    if (finished.size() <= m_config.finishedTicketsKept)
        return;
    std::sort(finished.begin(), finished.end(), [](const QString &a, const QString &b) {
        return a.mid(1).toLongLong() < b.mid(1).toLongLong();
    });
    const qsizetype excess = finished.size() - m_config.finishedTicketsKept;
    QList<JournalEntry> drops;
    for (qsizetype i = 0; i < excess; ++i)
        drops.append(Journal::drop(QStringLiteral("ticket"), finished[i]));
    if (!journal(drops))
        return;
    for (qsizetype i = 0; i < excess; ++i) {
        m_tickets.remove(finished[i]);
        unpublishTicket(finished[i]);
    }
}

} // namespace clonedeck
