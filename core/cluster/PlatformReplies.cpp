#include "PlatformReplies.h"

#include "IdRanges.h"
#include "ProtocolPaths.h"

#include <QRandomGenerator>

#include <unistd.h>

namespace clonedeck::replies {

namespace {
template<typename Info, typename Parse>
Result<Info> recordOf(const Result<QByteArray> &value, Error missing, Parse parse)
{
    if (!value)
        return value.error().code == ENOENT ? missing : value.error();
    auto record = Record::parse(*value);
    if (!record)
        return record.error();
    return parse(*record);
}
} // namespace

qint64 replyDeadlineMs(const Request &request)
{
    return request.op == Request::Op::RequestTicket ? request.timeoutMs + kCallMarginMs : kDefaultCallMs;
}

QString newRequestId(int sequence)
{
    return QStringLiteral("%1-%2-%3")
        .arg(::getpid())
        .arg(sequence)
        .arg(QRandomGenerator::global()->generate() & 0xFFFFFF, 6, 16, QLatin1Char('0'));
}

Result<Reply> expectOk(Result<Reply> reply)
{
    if (reply && !reply->ok)
        return reply->toError();
    return reply;
}

Result<TicketGrant> ticketGrantOf(const Reply &reply)
{
    TicketGrant grant;
    grant.ticket = reply.fields.value(QStringLiteral("ticket"));
    grant.granted = reply.fields.value(QStringLiteral("granted")).toInt();
    grant.requested = reply.fields.value(QStringLiteral("requested")).toInt();
    if (!protocol::isValidTicketId(grant.ticket))
        return Error{EPROTO, {}, QStringLiteral("the platform granted an invalid ticket id")};
    return grant;
}

std::optional<Result<QList<int>>> clonedDomidsOf(const Reply &reply, const QString &ticket)
{
    if (!reply.fields.contains(QStringLiteral("domids")))
        return std::nullopt;
    auto domids = protocol::parseIdRanges(reply.fields.value(QStringLiteral("domids")));
    if (!domids)
        return Result<QList<int>>(Error{EPROTO, ticket, domids.error().message});
    return Result<QList<int>>(*domids);
}

int killedCountOf(const Reply &reply)
{
    return reply.fields.value(QStringLiteral("killed")).toInt();
}

Result<DomainInfo> domainOf(int domid, const Result<QByteArray> &value)
{
    return recordOf<DomainInfo>(
        value, Error{ENOENT, {}, QStringLiteral("no such domain %1").arg(domid)},
        [domid](const Record &record) { return DomainInfo::fromRecord(domid, record); });
}

Result<TicketInfo> ticketOf(const QString &id, const Result<QByteArray> &value)
{
    return recordOf<TicketInfo>(value, Error{ENOENT, id, QStringLiteral("no such ticket")},
                                [id](const Record &record) { return TicketInfo::fromRecord(id, record); });
}

Result<PlatformInfo> platformOf(const Result<QByteArray> &value)
{
    if (!value)
        return Error{value.error().code, protocol::platformPath(),
                     QStringLiteral("no platform is published here")};
    return recordOf<PlatformInfo>(value, {},
                                  [](const Record &record) { return PlatformInfo::fromRecord(record); });
}

} // namespace clonedeck::replies
