#include "BridgeSession.h"

#include "GuestRequestScreen.h"

namespace clonedeck::bridge {

using xswire::Type;

BridgeSession::BridgeSession(int domid, BridgeLimits limits)
    : m_limits(limits)
    , m_policy(domid)
    , m_toGuest(limits.deliveredHistoryBytes)
{}

bool BridgeSession::acceptsGuestInput() const
{
    return !failed() && int(m_pending.size()) < m_limits.requestsInFlight &&
           m_toUpstream.size() < m_limits.bufferedBytes &&
           m_toGuest.unwrittenBytes() - m_toGuest.unwrittenEventBytes() < m_limits.bufferedBytes;
}

qsizetype BridgeSession::bufferedBytes() const
{
    return m_toUpstream.size() + m_toGuest.unwrittenBytes() + m_fromGuest.buffered() +
           m_fromUpstream.buffered();
}

void BridgeSession::fail(const QString &why)
{
    if (m_failure.isEmpty())
        m_failure = why;
}

void BridgeSession::receiveFromGuest(const char *data, qsizetype size)
{
    receive(m_fromGuest, data, size, QStringLiteral("the guest"),
            [this](const xswire::Message &request) { handleGuestRequest(request); });
}

void BridgeSession::receiveFromUpstream(const char *data, qsizetype size)
{
    receive(m_fromUpstream, data, size, QStringLiteral("xenstored"), [this](const xswire::Message &message) {
        if (message.kind() == Type::WatchEvent)
            handleWatchEvent(message);
        else
            handleUpstreamReply(message);
    });
}

void BridgeSession::receive(xswire::MessageReader &reader, const char *data, qsizetype size,
                            const QString &sender, const std::function<void(const xswire::Message &)> &handle)
{
    if (failed())
        return;
    reader.append(data, size);
    while (!failed()) {
        const auto message = reader.next();
        if (!message)
            break;
        handle(*message);
    }
    if (reader.failed())
        fail(sender + QStringLiteral(" sent a malformed stream: ") + reader.errorString());
}

void BridgeSession::sendUpstream(const xswire::Message &message, Pending pending)
{
    m_toUpstream += xswire::encode(message);
    pending.forwarded = true;
    m_pending.push_back(std::move(pending));
}

void BridgeSession::handleGuestRequest(const xswire::Message &request)
{
    ScreenVerdict verdict = GuestRequestScreen(m_policy, m_watches, m_transactions, m_limits).screen(request);
    if (verdict.upstream) {
        sendUpstream(*verdict.upstream,
                     Pending{request, true, std::nullopt, std::move(verdict.effect), false});
        return;
    }
    // Answered here; its place in the queue keeps replies in the guest's order.
    applyEffect(verdict.effect, verdict.answer.kind() != Type::Error);
    m_pending.push_back(Pending{request, false, std::move(verdict.answer), std::move(verdict.effect), false});
    flushAnswered();
}

void BridgeSession::applyEffect(RequestEffect &effect, bool ok)
{
    switch (effect.kind) {
    case RequestEffect::Kind::None:
    case RequestEffect::Kind::TransactionStarted: // recorded where the reply's id is read
        break;
    case RequestEffect::Kind::WatchAdded:
        if (ok)
            m_watches.confirm(effect.watchId);
        else
            m_watches.remove(effect.watchId);
        break;
    case RequestEffect::Kind::WatchRemoved:
        if (ok)
            m_watches.remove(effect.watchId);
        break;
    case RequestEffect::Kind::TransactionEnded: // xenstored ends it whatever the commit's outcome
        m_transactions.ended(effect.guestTransaction);
        return;
    }
    if (!ok)
        effect = RequestEffect{};
}

void BridgeSession::handleUpstreamReply(const xswire::Message &reply)
{
    // xenstored answers one connection's requests in order: this is the oldest forwarded one's.
    auto it = m_pending.begin();
    while (it != m_pending.end() && (!it->forwarded || it->answer))
        ++it;
    if (it == m_pending.end() || it->request.requestId != reply.requestId) {
        fail(QStringLiteral("xenstored sent a %1 reply (request id %2) to no request of this connection")
                 .arg(QLatin1String(xswire::typeName(reply.type)))
                 .arg(reply.requestId));
        return;
    }
    xswire::Message answer{reply.type, reply.requestId, it->request.transactionId, reply.payload};
    const bool ok = reply.kind() != Type::Error;
    if (ok && it->effect.kind == RequestEffect::Kind::TransactionStarted) {
        // Shown to the guest under its own id (the same as xenstored's unless a clone's orphan has it).
        const quint32 upstreamId = reply.strings().value(0).toUInt();
        it->effect.guestTransaction = m_transactions.started(upstreamId);
        answer.payload = QByteArray::number(it->effect.guestTransaction) + '\0';
    }
    applyEffect(it->effect, ok);
    it->answer = std::move(answer);
    flushAnswered();
}

void BridgeSession::flushAnswered()
{
    while (!m_pending.empty() && m_pending.front().answer) {
        Pending done = std::move(m_pending.front());
        m_pending.pop_front();
        if (done.internal)
            continue;
        m_toGuest.appendReply(xswire::encode(*done.answer), std::move(done.request), std::move(done.effect));
    }
}

void BridgeSession::handleWatchEvent(const xswire::Message &event)
{
    const QList<QByteArray> parts = event.strings();
    const BridgeWatch *watch = parts.size() == 2 ? m_watches.byUpstreamToken(parts.at(1)) : nullptr;
    if (!watch)
        return; // removed meanwhile
    const QByteArray &path = parts.at(0);
    if (!m_policy.mayRead(path)) {
        ++m_droppedEvents; // cannot happen for a watch the screen let through; a second line of defence
        return;
    }
    const QByteArray payload = m_policy.eventPath(path, watch->relative) + '\0' + watch->guestToken + '\0';
    if (payload.size() > qsizetype(xswire::kPayloadMax) ||
        m_toGuest.unwrittenEventBytes() + payload.size() > m_limits.eventBacklogBytes) {
        ++m_droppedEvents; // as xenstored drops events past a domain's quota (XSA-326)
        return;
    }
    m_toGuest.appendEvent(xswire::encode(xswire::Message{quint32(Type::WatchEvent), 0, 0, payload}));
}

} // namespace clonedeck::bridge
