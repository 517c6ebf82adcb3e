#include "PlatformGateway.h"

#include "Log.h"
#include "ProtocolPaths.h"
#include "UnixSocketTransport.h"
#include "XenstoreClient.h"
#include "XenstoreTransport.h"

#include <QPromise>
#include <QTimer>

namespace clonedeck {

namespace {
const QString kReplyToken = QStringLiteral("reply-");

template<typename T>
using Deliver = std::function<void(Result<T>)>;

// A promise answered once, from whichever path gets there.
template<typename T>
std::pair<QFuture<Result<T>>, Deliver<T>> promised()
{
    auto promise = std::make_shared<QPromise<Result<T>>>();
    promise->start();
    return {promise->future(), [promise](Result<T> result) {
                promise->addResult(std::move(result));
                promise->finish();
            }};
}

// The reply of a call that answers nothing but ok.
void nothing(const Reply &, const Deliver<Done> &deliver)
{
    deliver(Done{});
}
} // namespace

PlatformGateway::PlatformGateway(QObject *parent)
    : QObject(parent)
    , m_xenstore(new XenstoreClient(this))
{
    connect(m_xenstore, &XenstoreClient::stateChanged, this, &PlatformGateway::stateChanged);
    connect(m_xenstore, &XenstoreClient::nodesChanged, this, &PlatformGateway::onNodesChanged);
}

PlatformGateway::~PlatformGateway()
{
    // Whoever still waits hears now; the connection (a child) closes after us without waiting.
    answerWaitingCalls(QStringLiteral("the console is closing"));
}

void PlatformGateway::answerWaitingCalls(const QString &why)
{
    // Answers run continuations, which may call again: out of the table first.
    const QHash<QString, Call> calls = std::exchange(m_calls, {});
    for (const Call &call : calls) {
        if (call.answer)
            call.answer(Error{ECANCELED, call.replyPath, why});
    }
}

void PlatformGateway::open(std::unique_ptr<XenstoreTransport> transport)
{
    m_xenstore->start(std::move(transport));
}

void PlatformGateway::open(const QString &socketPath)
{
    open(std::make_unique<UnixSocketTransport>(socketPath));
}

ConnectionState PlatformGateway::state() const
{
    return m_xenstore->state();
}

QString PlatformGateway::uri() const
{
    return m_xenstore->uri();
}

quint64 PlatformGateway::send(int domid, const Request &request, std::function<void(Result<Reply>)> answer)
{
    const QString requestId = replies::newRequestId(++m_sequence);
    const QString token = kReplyToken + requestId;
    Call call{m_nextId++,       domid, request, protocol::replyPath(domid, requestId), new QTimer(this),
              std::move(answer)};
    call.deadline->setSingleShot(true);
    connect(call.deadline, &QTimer::timeout, this, [this, token, path = call.replyPath] {
        finish(token, Error{ETIMEDOUT, path,
                            QStringLiteral("the platform did not answer in time (is clonedeckd running?)")});
    });
    call.deadline->start(int(std::min<qint64>(replies::replyDeadlineMs(request), INT_MAX)));
    // The watch goes out before the request on the same connection, so the reply cannot slip
    // in between; its registration event (and the one after a reconnect) looks at once.
    m_xenstore->watch(call.replyPath, token);
    m_xenstore->write(protocol::requestPath(domid, requestId), request.toRecord().serialize())
        .then(this, [this, token](const Status &written) {
            if (!written)
                finish(token, written.error());
        });
    const quint64 id = call.id;
    m_calls.insert(token, std::move(call));
    return id;
}

template<typename T, typename Interpret>
PlatformCall<T> PlatformGateway::call(int domid, const Request &request, Interpret interpret)
{
    auto [future, deliver] = promised<T>();
    const quint64 id = send(domid, request, [deliver, interpret](Result<Reply> reply) {
        reply = replies::expectOk(std::move(reply));
        if (!reply)
            return deliver(reply.error());
        interpret(*reply, deliver);
    });
    return PlatformCall<T>{id, future};
}

void PlatformGateway::onNodesChanged(const QString &token, const QList<NodeChange> &changes)
{
    const auto it = m_calls.constFind(token);
    if (it == m_calls.constEnd())
        return; // the mirror's, or a call already answered
    for (const NodeChange &change : changes) {
        if (change.path != it->replyPath || !change.value)
            continue; // the registration event before the reply exists
        auto reply = Reply::parse(*change.value);
        return finish(token,
                      reply ? Result<Reply>(*reply)
                            : Result<Reply>(Error{EPROTO, change.path,
                                                  QStringLiteral("unreadable reply from the platform")}));
    }
}

void PlatformGateway::finish(const QString &token, Result<Reply> result)
{
    auto it = m_calls.find(token);
    if (it == m_calls.end())
        return;
    Call call = std::move(it.value());
    m_calls.erase(it);
    call.deadline->deleteLater();
    m_xenstore->unwatch(call.replyPath, token);
    if (call.answer)
        call.answer(std::move(result));
    else if (result)
        undo(call, *result);
}

void PlatformGateway::cancel(quint64 id)
{
    for (Call &call : m_calls) {
        if (call.id != id || !call.answer)
            continue;
        // The call stays, to undo what its reply still grants; its caller hears now. The answer
        // runs continuations that may call again: out of the loop first.
        const auto answer = std::exchange(call.answer, nullptr);
        const Error cancelled{ECANCELED, call.replyPath, QStringLiteral("cancelled")};
        return answer(cancelled);
    }
}

void PlatformGateway::undo(const Call &call, const Reply &reply)
{
    const QString ticket = reply.fields.value(QStringLiteral("ticket"), call.request.ticket);
    switch (call.request.op) {
    case Request::Op::RequestTicket:
        if (reply.ok) {
            spdlog::info("ticket {} granted after its request was given up: releasing it", ticket);
            release(call.domid, ticket);
        }
        break;
    case Request::Op::Clone:
        // Clones that came are ended with their ticket; a clone that failed leaves a grant to release.
        spdlog::info("ticket {} answered a clone that was given up: ending it", ticket);
        if (reply.ok)
            killTicket(call.domid, ticket);
        else
            release(call.domid, ticket);
        break;
    case Request::Op::Join:
    case Request::Op::Kill:
    case Request::Op::Release:
    case Request::Op::History:
        break; // nothing was granted
    }
}

PlatformCall<TicketGrant> PlatformGateway::requestTicket(int masterDomid, int count, int vcpus,
                                                         qint64 memoryMb, qint64 timeoutMs)
{
    spdlog::info("operator: request ticket {} x {} vCPU / {} MB for domain {}", count, vcpus, memoryMb,
                 masterDomid);
    return call<TicketGrant>(masterDomid, Request::requestTicket(count, vcpus, memoryMb, timeoutMs),
                             [](const Reply &reply, const Deliver<TicketGrant> &deliver) {
                                 deliver(replies::ticketGrantOf(reply));
                             });
}

PlatformCall<QList<int>> PlatformGateway::clone(int masterDomid, const QString &ticket)
{
    spdlog::info("operator: clone domain {} on ticket {}", masterDomid, ticket);
    return call<QList<int>>(masterDomid, Request::clone(ticket),
                            [this, ticket](const Reply &reply, const Deliver<QList<int>> &deliver) {
                                if (auto domids = replies::clonedDomidsOf(reply, ticket))
                                    return deliver(*domids);
                                // Too many scattered ids for one reply: the ticket's details list them.
                                ticketDetails(ticket).then(this,
                                                           [deliver](const Result<TicketDetails> &details) {
                                                               if (!details)
                                                                   return deliver(details.error());
                                                               QList<int> domids;
                                                               for (const DomainInfo &clone : details->clones)
                                                                   domids.append(clone.domid);
                                                               deliver(domids);
                                                           });
                            });
}

PlatformCall<int> PlatformGateway::killTicket(int actorDomid, const QString &ticket)
{
    spdlog::info("operator: kill ticket {}", ticket);
    return call<int>(
        actorDomid, Request::killTicket(ticket),
        [](const Reply &reply, const Deliver<int> &deliver) { deliver(replies::killedCountOf(reply)); });
}

PlatformCall<Done> PlatformGateway::killDomain(int actorDomid, int domid)
{
    spdlog::info("operator: kill domain {}", domid);
    return call<Done>(actorDomid, Request::killDomain(domid), nothing);
}

PlatformCall<Done> PlatformGateway::join(int cloneDomid, bool report)
{
    spdlog::info("operator: join domain {}", cloneDomid);
    return call<Done>(cloneDomid, Request::join(report), nothing);
}

PlatformCall<Done> PlatformGateway::release(int actorDomid, const QString &ticket)
{
    spdlog::info("operator: release ticket {}", ticket);
    return call<Done>(actorDomid, Request::release(ticket), nothing);
}

QFuture<Result<PlatformInfo>> PlatformGateway::platform()
{
    return m_xenstore->read(protocol::platformPath()).then(this, [](const Result<QByteArray> &value) {
        return replies::platformOf(value);
    });
}

QFuture<Result<DomainInfo>> PlatformGateway::domain(int domid)
{
    return m_xenstore->read(protocol::domainPath(domid)).then(this, [domid](const Result<QByteArray> &value) {
        return replies::domainOf(domid, value);
    });
}

QFuture<Result<TicketDetails>> PlatformGateway::ticketDetails(const QString &ticket)
{
    auto [future, deliver] = promised<TicketDetails>();
    m_xenstore->read(protocol::ticketPath(ticket))
        .then(this, [this, ticket, deliver](const Result<QByteArray> &value) {
            auto info = replies::ticketOf(ticket, value);
            if (!info)
                return deliver(info.error());
            m_xenstore->readChildren(protocol::ticketClonesPath(ticket))
                .then(this, [this, details = TicketDetails{*info, {}},
                             deliver](const Result<QHash<QString, QByteArray>> &clones) mutable {
                    // vmid -> domid; no clones yet is no error
                    QList<int> domids;
                    for (const QByteArray &text : clones ? *clones : QHash<QString, QByteArray>{}) {
                        if (const auto domid = protocol::parseDomid(QString::fromLatin1(text)))
                            domids.append(*domid);
                    }
                    if (domids.isEmpty())
                        return deliver(details);
                    auto gathered = std::make_shared<TicketDetails>(std::move(details));
                    auto waiting = std::make_shared<qsizetype>(domids.size());
                    for (int domid : std::as_const(domids)) {
                        domain(domid).then(this,
                                           [gathered, waiting, deliver](const Result<DomainInfo> &clone) {
                                               if (clone)
                                                   gathered->clones.append(*clone);
                                               if (--*waiting > 0)
                                                   return;
                                               std::sort(gathered->clones.begin(), gathered->clones.end(),
                                                         [](const DomainInfo &a, const DomainInfo &b) {
                                                             return a.vmid < b.vmid;
                                                         });
                                               deliver(*gathered);
                                           });
                    }
                });
        });
    return future;
}

} // namespace clonedeck
