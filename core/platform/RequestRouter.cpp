#include "RequestRouter.h"

#include "CommittedState.h"
#include "DomainLifecycle.h"
#include "HistoryRecord.h"
#include "Log.h"
#include "ProtocolPaths.h"
#include "ReplyWriter.h"
#include "TicketBook.h"
#include "XenstoreConnection.h"

#include <QDateTime>
#include <QSocketNotifier>

namespace clonedeck {

namespace {
const QString kRequestsToken = QStringLiteral("clonedeck-requests");
}

RequestRouter::RequestRouter(CommittedState &committed, ReplyWriter &replies, TicketBook &tickets,
                             DomainLifecycle &domains, QObject *parent)
    : QObject(parent)
    , m_committed(committed)
    , m_replies(replies)
    , m_tickets(tickets)
    , m_domains(domains)
{
    m_forgetRequests.setInterval(3600 * 1000);
    connect(&m_forgetRequests, &QTimer::timeout, &m_committed, &CommittedState::forgetOldRequests);
}

RequestRouter::~RequestRouter()
{
    detach();
}

Status RequestRouter::attach(XenstoreConnection *xenstore)
{
    detach();
    // One watch over every domain's subtree: request nodes are picked out by path shape,
    // everything else a domain writes under its own path is ignored cheaply.
    if (auto watched = xenstore->watch(protocol::localDomainsPath(), kRequestsToken); !watched)
        return watched;
    m_xs = xenstore;
    m_watchNotifier = new QSocketNotifier(m_xs->watchFd(), QSocketNotifier::Read, this);
    connect(m_watchNotifier, &QSocketNotifier::activated, this, &RequestRouter::onWatchActivity);
    m_forgetRequests.start();
    return Done{};
}

void RequestRouter::detach()
{
    delete m_watchNotifier;
    m_watchNotifier = nullptr;
    if (m_xs)
        m_xs->unwatch(protocol::localDomainsPath(), kRequestsToken);
    m_xs = nullptr;
    m_forgetRequests.stop();
}

void RequestRouter::onWatchActivity()
{
    if (!m_xs)
        return;
    const QList<WatchEvent> events = m_xs->takeWatchEvents();
    QSet<QString> seen;
    for (const WatchEvent &event : events) {
        if (event.token != kRequestsToken || seen.contains(event.path))
            continue;
        seen.insert(event.path);
        if (event.path == protocol::localDomainsPath()) {
            // The event every watch fires on registration: pick up requests written while we were away.
            scanRequests(0);
            for (int domid : m_committed.state().domains().keys())
                scanRequests(domid);
            continue;
        }
        if (const auto location = protocol::parseRequestPath(event.path)) {
            handleRequestNode(location->domid, location->requestId);
        } else if (event.path.startsWith(protocol::localDomainsPath()) &&
                   event.path.contains(QLatin1String("/clonedeck/requests/"))) {
            // Not a request we can answer (bad id, nested node): remove it so it cannot pile up.
            m_xs->remove(event.path);
        }
    }
}

void RequestRouter::scanRequests(int domid)
{
    const auto names = m_xs->directory(protocol::requestsPath(domid));
    if (!names)
        return;
    for (const QString &name : *names) {
        if (protocol::isValidRequestId(name))
            handleRequestNode(domid, name);
        else
            m_xs->remove(protocol::requestsPath(domid) + QLatin1Char('/') + name);
    }
}

void RequestRouter::handleRequestNode(int domid, const QString &requestId)
{
    const QString path = protocol::requestPath(domid, requestId);
    const auto value = m_xs->read(path);
    if (!value)
        return; // gone already: our own removal fires the watch too
    // Consume first: a request is acted on at most once, even if acting crashes us.
    m_xs->remove(path);
    if (domid != 0 && !m_committed.state().domains().contains(domid)) {
        m_replies.write(domid, requestId,
                        Reply::failure(Error{ENOENT, {}, QStringLiteral("no such domain %1").arg(domid)}));
        return;
    }
    // ...and across restarts: the ids of requests acted on are committed with what they did.
    if (m_committed.state().wasActedOn(domid, requestId)) {
        spdlog::warn("domain {}: request {} was acted on already; not again", domid, requestId);
        m_replies.write(
            domid, requestId,
            Reply::failure(Error{EALREADY, requestId, QStringLiteral("this request was acted on already")}));
        return;
    }
    const auto request = Request::parse(*value);
    if (!request) {
        spdlog::warn("domain {}: rejected request {}: {}", domid, requestId, request.error().message);
        m_replies.write(domid, requestId, Reply::failure(request.error()));
        return;
    }
    // A fork-style clone replays the write of its master's clone request when the master's guest had
    // not read the answer to it at the capture: acted on for the master, it is not acted on again as
    // the clone's. DomainLifecycle answers it in the clone's own reply (docs/qemu-backend.md).
    if (request->op == Request::Op::Clone && m_committed.state().madeBy(domid, requestId, request->ticket)) {
        spdlog::info("domain {}: request {} is the clone request it was made by, replayed from its master's "
                     "memory; its answer is the clone's own reply",
                     domid, requestId);
        return;
    }
    const RequestContext context{domid, requestId, toString(request->op),
                                 QDateTime::currentMSecsSinceEpoch()};
    spdlog::info("domain {}: request {} op={}", domid, requestId, context.op);
    const RequestOutcome outcome = dispatch(context, *request);
    if (!outcome.isLater())
        m_replies.write(domid, requestId, outcome.reply());
}

RequestOutcome RequestRouter::dispatch(const RequestContext &context, const Request &request)
{
    switch (request.op) {
    case Request::Op::RequestTicket:
        return m_tickets.requestTicket(context, request);
    case Request::Op::Clone:
        return m_domains.clone(context, request.ticket);
    case Request::Op::Release:
        return endTicket(context, request.ticket);
    case Request::Op::Join:
        return m_domains.join(context, request.report);
    case Request::Op::Kill:
        if (request.domid >= 0)
            return m_domains.killDomain(context, request.domid);
        return endTicket(context, request.ticket);
    case Request::Op::History:
        return history(context, request);
    }
    return Reply::failure(Error{ENOSYS, {}, QStringLiteral("unknown operation")});
}

RequestOutcome RequestRouter::endTicket(const RequestContext &context, const QString &ticketId)
{
    // A used ticket ends with its clones; any other only gives back what it holds.
    const auto ticket = m_committed.state().tickets().constFind(ticketId);
    if (ticket != m_committed.state().tickets().constEnd() && ticket->state == TicketState::Used)
        return m_domains.killTicket(context, ticketId);
    return m_tickets.release(context, ticketId);
}

Reply RequestRouter::history(const RequestContext &context, const Request &request)
{
    const bool ofTicket = request.domid < 0;
    const QString key = ofTicket ? request.ticket : QString::number(request.domid);
    auto transitions = m_committed.store().history(
        ofTicket ? Transition::Subject::Ticket : Transition::Subject::Domain, key);
    if (!transitions)
        return Reply::failure(transitions.error());
    if (transitions->isEmpty())
        return Reply::failure(Error{ENOENT, key, QStringLiteral("no history of %1").arg(key)});
    // A domain reads its own history, its tickets' and its clones'; dom0 reads all.
    const Transition &last = transitions->constLast();
    if (context.domid != 0 && last.owner != context.domid && !(!ofTicket && request.domid == context.domid))
        return Reply::failure(
            Error{EACCES, key, QStringLiteral("not a ticket or domain of domain %1").arg(context.domid)});
    HistoryRecord record{ofTicket ? QStringLiteral("ticket") : QStringLiteral("domain"),
                         key,
                         int(transitions->size()),
                         {},
                         {}};
    for (const Transition &transition : std::as_const(*transitions)) {
        record.entries.append(HistoryEntry{transition.state, transition.atMs});
        if (!transition.detail.isEmpty())
            record.lastError = transition.detail;
    }
    return Reply::success(record.toFields());
}

} // namespace clonedeck
