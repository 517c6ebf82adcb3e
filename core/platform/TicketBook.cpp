#include "TicketBook.h"

#include "Log.h"
#include "ReplyWriter.h"
#include "VmBackend.h"

#include <QDateTime>

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

Error notYours(const TicketInfo &ticket)
{
    return Error{
        EACCES, {}, QStringLiteral("ticket %1 belongs to domain %2").arg(ticket.id).arg(ticket.owner)};
}

qint64 nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

} // namespace

TicketBook::TicketBook(const PlatformConfig &config, CommittedState &committed, const VmBackend &backend,
                       ReplyWriter &replies, QObject *parent)
    : QObject(parent)
    , m_config(config)
    , m_committed(committed)
    , m_backend(backend)
    , m_replies(replies)
{
    m_deadlineTimer.setSingleShot(true);
    connect(&m_deadlineTimer, &QTimer::timeout, this, [this] {
        expireTickets();
        grantPending();
        scheduleTimers();
    });
    m_grantSoon.setSingleShot(true);
    m_grantSoon.setInterval(0);
    connect(&m_grantSoon, &QTimer::timeout, this, &TicketBook::grantPending);
    // Whatever freed capacity (a release, an expiry, clones ending), waiting tickets get a look.
    connect(&m_committed, &CommittedState::committed, this, [this] {
        if (m_running && !m_committed.state().waitingRequests().isEmpty())
            m_grantSoon.start();
    });
}

void TicketBook::start()
{
    m_running = true;
    grantPending();
    scheduleTimers();
}

void TicketBook::stop()
{
    m_running = false;
    m_deadlineTimer.stop();
    m_grantSoon.stop();
}

Status TicketBook::commitTicket(const TicketInfo &ticket, const RequestContext *context,
                                const QString &waitingRequest)
{
    Decision decision;
    decision.putTicket(ticket, waitingRequest);
    if (context)
        decision.actOn(context->domid, context->requestId, context->op, context->atMs);
    return m_committed.commit(std::move(decision));
}

RequestOutcome TicketBook::requestTicket(const RequestContext &context, const Request &request)
{
    const PlatformState &state = m_committed.state();
    const auto owner = state.domains().constFind(context.domid);
    if (owner == state.domains().constEnd() || owner->role != DomainRole::Master)
        return Reply::failure(Error{EACCES, {}, QStringLiteral("only a master can request tickets")});
    const auto waiting = state.waitingRequests().keys();
    const auto waitingOfDomain = std::count_if(waiting.begin(), waiting.end(), [&](const QString &id) {
        return state.tickets().value(id).owner == context.domid;
    });
    if (waitingOfDomain >= m_config.maxPendingPerDomain)
        return Reply::failure(Error{EAGAIN, {}, QStringLiteral("too many pending ticket requests")});

    // What a clone of this master really costs on this backend is what the ticket holds per slot.
    const VmFootprint footprint = m_backend.cloneFootprint(*owner, request.vcpus, request.memoryMb);
    TicketInfo ticket;
    ticket.id = QStringLiteral("t%1").arg(state.counters().nextTicket);
    ticket.owner = context.domid;
    ticket.cluster = owner->cluster;
    ticket.requested = request.count;
    ticket.vcpus = footprint.vcpus;
    ticket.memoryMb = footprint.memoryMb;
    ticket.timeoutMs = request.timeoutMs;
    ticket.createdMs = nowMs();
    CapacityLedger planned = state.ledger();
    const auto [allocation, reserved] = planned.reserve(request.count, ticket.vcpus, ticket.memoryMb);
    if (reserved > 0) {
        ticket.state = TicketState::Granted;
        ticket.granted = reserved;
        ticket.allocation = allocation;
        ticket.expiresMs = ticket.createdMs + m_config.ticketTtlMs;
        if (auto saved = commitTicket(ticket, &context); !saved)
            return Reply::failure(saved.error());
        scheduleTimers();
        spdlog::info("ticket {}: granted {} of {} to domain {}", ticket.id, reserved, request.count,
                     context.domid);
        return Reply::success(grantFields(ticket));
    }
    if (request.timeoutMs == 0) {
        ticket.state = TicketState::Failed;
        ticket.error = busy(ticket).message;
        if (auto saved = commitTicket(ticket, &context); !saved)
            return Reply::failure(saved.error());
        return Reply::failure(busy(ticket));
    }
    ticket.state = TicketState::Pending;
    if (auto saved = commitTicket(ticket, &context, context.requestId); !saved)
        return Reply::failure(saved.error());
    scheduleTimers();
    spdlog::info("ticket {}: pending for domain {} (nothing fits now)", ticket.id, context.domid);
    return RequestOutcome::later();
}

void TicketBook::grantPending()
{
    const PlatformState &state = m_committed.state();
    if (!m_running || state.waitingRequests().isEmpty())
        return;
    // First come, first served: tickets are numbered in arrival order.
    QList<QString> order = state.waitingRequests().keys();
    std::sort(order.begin(), order.end(), [](const QString &a, const QString &b) {
        return a.mid(1).toLongLong() < b.mid(1).toLongLong();
    });
    const qint64 now = nowMs();
    for (const QString &id : std::as_const(order)) {
        TicketInfo ticket = state.tickets().value(id);
        const QString requestId = state.waitingRequests().value(id);
        if (now >= ticket.createdMs + ticket.timeoutMs) {
            ticket.state = TicketState::Failed;
            ticket.error = busy(ticket).message;
            if (commitTicket(ticket, nullptr)) {
                m_replies.write(ticket.owner, requestId, Reply::failure(busy(ticket)));
                spdlog::info("ticket {}: failed, EBUSY after {} ms", id, ticket.timeoutMs);
            }
            continue;
        }
        CapacityLedger planned = state.ledger();
        const auto [allocation, reserved] = planned.reserve(ticket.requested, ticket.vcpus, ticket.memoryMb);
        if (reserved == 0)
            continue;
        ticket.state = TicketState::Granted;
        ticket.granted = reserved;
        ticket.allocation = allocation;
        ticket.expiresMs = now + m_config.ticketTtlMs;
        if (auto saved = commitTicket(ticket, nullptr); !saved) {
            m_replies.write(ticket.owner, requestId, Reply::failure(saved.error()));
            continue;
        }
        m_replies.write(ticket.owner, requestId, Reply::success(grantFields(ticket)));
        spdlog::info("ticket {}: granted {} of {} after waiting", id, reserved, ticket.requested);
    }
    scheduleTimers();
}

void TicketBook::expireTickets()
{
    const qint64 now = nowMs();
    Decision decision;
    for (TicketInfo ticket : m_committed.state().tickets()) {
        if (ticket.state != TicketState::Granted || ticket.expiresMs == 0 || ticket.expiresMs > now)
            continue;
        ticket.state = TicketState::Expired;
        decision.putTicket(ticket);
        spdlog::info("ticket {}: expired unused, {} slot(s) returned", ticket.id, ticket.granted);
    }
    if (!decision.isEmpty())
        m_committed.commit(std::move(decision)); // failed: tried again at the next deadline
}

void TicketBook::scheduleTimers()
{
    if (!m_running)
        return;
    qint64 earliest = std::numeric_limits<qint64>::max();
    for (const TicketInfo &ticket : m_committed.state().tickets()) {
        if (ticket.state == TicketState::Pending)
            earliest = std::min(earliest, ticket.createdMs + ticket.timeoutMs);
        else if (ticket.state == TicketState::Granted && ticket.expiresMs > 0)
            earliest = std::min(earliest, ticket.expiresMs);
    }
    if (earliest == std::numeric_limits<qint64>::max()) {
        m_deadlineTimer.stop();
        return;
    }
    m_deadlineTimer.start(int(std::clamp<qint64>(earliest - nowMs(), 0, 24 * 3600 * 1000)));
}

RequestOutcome TicketBook::release(const RequestContext &context, const QString &ticketId)
{
    const PlatformState &state = m_committed.state();
    if (!state.tickets().contains(ticketId))
        return Reply::failure(Error{ENOENT, ticketId, QStringLiteral("no such ticket")});
    TicketInfo ticket = state.tickets().value(ticketId);
    if (context.domid != 0 && ticket.owner != context.domid)
        return Reply::failure(notYours(ticket));
    if (isFinal(ticket.state) || ticket.state == TicketState::Used)
        return Reply::failure(
            Error{EINVAL, ticketId, QStringLiteral("ticket already %1").arg(toString(ticket.state))});
    const QString waiter = state.waitingRequests().value(ticketId);
    const bool wasPending = ticket.state == TicketState::Pending;
    ticket.state = TicketState::Released;
    if (auto saved = commitTicket(ticket, &context); !saved)
        return Reply::failure(saved.error());
    if (wasPending)
        m_replies.write(ticket.owner, waiter,
                        Reply::failure(Error{ECANCELED, ticketId, QStringLiteral("released while pending")}));
    scheduleTimers();
    Record fields;
    fields.set(QStringLiteral("ticket"), ticketId);
    return Reply::success(fields);
}

} // namespace clonedeck
