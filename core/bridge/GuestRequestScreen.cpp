#include "GuestRequestScreen.h"

#include <cerrno>

namespace clonedeck::bridge {

namespace {

using xswire::Type;

// The whole payload as exactly `count` NUL-terminated strings, as xenstored demands of
// these requests; nullopt otherwise.
std::optional<QList<QByteArray>> exactStrings(const QByteArray &payload, int count)
{
    if (!payload.endsWith('\0'))
        return std::nullopt;
    QList<QByteArray> parts = payload.first(payload.size() - 1).split('\0');
    if (parts.size() != count)
        return std::nullopt;
    return parts;
}

bool isGuestRequest(Type type)
{
    switch (type) {
    case Type::Read:
    case Type::Directory:
    case Type::DirectoryPart:
    case Type::GetPerms:
    case Type::Write:
    case Type::Mkdir:
    case Type::Rm:
    case Type::Watch:
    case Type::Unwatch:
    case Type::TransactionStart:
    case Type::TransactionEnd:
    case Type::GetDomainPath:
        return true;
    default: // INTRODUCE, RELEASE, SET_PERMS, SET_TARGET, RESUME, RESET_WATCHES, CONTROL, unknown
        return false;
    }
}

bool isRead(Type type)
{
    return type == Type::Read || type == Type::Directory || type == Type::DirectoryPart ||
           type == Type::GetPerms;
}

} // namespace

xswire::Message GuestRequestScreen::reply(const xswire::Message &request, const QByteArray &payload)
{
    return xswire::Message{request.type, request.requestId, request.transactionId, payload};
}

xswire::Message GuestRequestScreen::error(const xswire::Message &request, int errnum)
{
    return xswire::Message{quint32(Type::Error), request.requestId, request.transactionId,
                           xswire::errorPayload(errnum)};
}

ScreenVerdict GuestRequestScreen::answer(const xswire::Message &request, int errnum)
{
    return ScreenVerdict{std::nullopt, error(request, errnum), {}};
}

ScreenVerdict GuestRequestScreen::forward(const xswire::Message &request, quint32 upstreamTx,
                                          QByteArray payload, RequestEffect effect)
{
    if (payload.size() > qsizetype(xswire::kPayloadMax)) // a relative path grew past the limit when resolved
        return answer(request, E2BIG);
    return ScreenVerdict{xswire::Message{request.type, request.requestId, upstreamTx, std::move(payload)},
                         {},
                         std::move(effect)};
}

ScreenVerdict GuestRequestScreen::screen(const xswire::Message &request)
{
    const Type type = request.kind();
    if (!isGuestRequest(type))
        return answer(request, EACCES);
    if (type == Type::GetDomainPath) {
        const auto parts = exactStrings(request.payload, 1);
        if (!parts)
            return answer(request, EINVAL);
        if (parts->at(0) != QByteArray::number(m_policy.domid()))
            return answer(request, EACCES);
        return ScreenVerdict{std::nullopt, reply(request, m_policy.domainPath() + '\0'), {}};
    }
    const auto route = m_transactions.route(request.transactionId);
    if (type == Type::TransactionEnd)
        return screenTransactionEnd(request, route);
    if (route == BridgeTransactions::Route::Orphaned)
        return answer(request, EAGAIN);
    if (route == BridgeTransactions::Route::Unknown)
        return answer(request, ENOENT); // as xenstored answers an unknown transaction id
    const quint32 upstreamTx = m_transactions.upstreamId(request.transactionId);
    switch (type) {
    case Type::TransactionStart:
        if (m_transactions.openCount() >= m_limits.transactionsPerConnection)
            return answer(request, ENOSPC);
        return forward(request, upstreamTx, request.payload,
                       RequestEffect{RequestEffect::Kind::TransactionStarted, 0, {}, 0});
    case Type::Watch:
    case Type::Unwatch:
        return screenWatchChange(request, upstreamTx);
    default:
        return screenPathRequest(request, upstreamTx);
    }
}

ScreenVerdict GuestRequestScreen::screenPathRequest(const xswire::Message &request, quint32 upstreamTx)
{
    const Type type = request.kind();
    QByteArray guestPath;
    QByteArray rest; // what follows the path, unchanged
    if (type == Type::Write) {
        const qsizetype end = request.payload.indexOf('\0');
        if (end < 0)
            return answer(request, EINVAL);
        guestPath = request.payload.first(end);
        rest = request.payload.mid(end);
    } else if (type == Type::DirectoryPart) {
        const auto parts = exactStrings(request.payload, 2);
        if (!parts)
            return answer(request, EINVAL);
        guestPath = parts->at(0);
        rest = '\0' + parts->at(1) + '\0';
    } else {
        const auto parts = exactStrings(request.payload, 1);
        if (!parts)
            return answer(request, EINVAL);
        guestPath = parts->at(0);
        rest = QByteArray(1, '\0');
    }
    const auto absolute = m_policy.resolve(guestPath);
    if (!absolute)
        return answer(request, EINVAL);
    const bool allowed = isRead(type)       ? m_policy.mayRead(*absolute)
                         : type == Type::Rm ? m_policy.mayRemove(*absolute)
                                            : m_policy.mayWrite(*absolute);
    if (!allowed)
        return answer(request, EACCES);
    return forward(request, upstreamTx, *absolute + rest);
}

ScreenVerdict GuestRequestScreen::screenWatchChange(const xswire::Message &request, quint32 upstreamTx)
{
    const auto parts = exactStrings(request.payload, 2); // path, token
    if (!parts)
        return answer(request, EINVAL);
    const auto absolute = m_policy.resolve(parts->at(0));
    if (!absolute)
        return answer(request, EINVAL);
    const auto existing = m_watches.find(*absolute, parts->at(1));
    if (request.kind() == Type::Unwatch) {
        if (!existing)
            return answer(request, ENOENT);
        return forward(
            request, upstreamTx, *absolute + '\0' + BridgeWatchTable::upstreamToken(*existing) + '\0',
            RequestEffect{RequestEffect::Kind::WatchRemoved, *existing, *m_watches.watch(*existing), 0});
    }
    // Only where the guest may read: every event such a watch can fire names a path it may read.
    if (!m_policy.mayRead(*absolute))
        return answer(request, EACCES);
    if (existing)
        return answer(request, EEXIST);
    if (m_watches.size() >= m_limits.watchesPerConnection)
        return answer(request, E2BIG); // xenstored's answer past a domain's watch quota
    const quint32 id = m_watches.add(
        BridgeWatch{parts->at(0), *absolute, parts->at(1), DomainPolicy::isRelative(parts->at(0)), false});
    return forward(request, upstreamTx, *absolute + '\0' + BridgeWatchTable::upstreamToken(id) + '\0',
                   RequestEffect{RequestEffect::Kind::WatchAdded, id, {}, 0});
}

ScreenVerdict GuestRequestScreen::screenTransactionEnd(const xswire::Message &request,
                                                       BridgeTransactions::Route route)
{
    if (route == BridgeTransactions::Route::None || route == BridgeTransactions::Route::Unknown)
        return answer(request, ENOENT);
    const auto parts = exactStrings(request.payload, 1);
    if (!parts || (parts->at(0) != "T" && parts->at(0) != "F"))
        return answer(request, EINVAL);
    const RequestEffect ended{RequestEffect::Kind::TransactionEnded, 0, {}, request.transactionId};
    if (route == BridgeTransactions::Route::Orphaned) {
        // The master's transaction does not exist for this clone: aborting it is fine, committing
        // it fails as after a conflict, and the guest runs it again.
        if (parts->at(0) == "F")
            return ScreenVerdict{std::nullopt, reply(request, QByteArrayLiteral("OK\0")), ended};
        return ScreenVerdict{std::nullopt, error(request, EAGAIN), ended};
    }
    return forward(request, m_transactions.upstreamId(request.transactionId), request.payload, ended);
}

} // namespace clonedeck::bridge
