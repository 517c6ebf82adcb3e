#include "Request.h"

#include "ProtocolPaths.h"

#include <array>

namespace clonedeck {

namespace {
constexpr std::array kOps{"rt", "clone", "join", "kill", "release", "history"};

Error invalid(const QString &message)
{
    return Error{EINVAL, QStringLiteral("request"), message};
}
} // namespace

QString toString(Request::Op op)
{
    return QLatin1String(kOps[std::size_t(op)]);
}

Request Request::requestTicket(int count, int vcpus, qint64 memoryMb, qint64 timeoutMs)
{
    Request r;
    r.op = Op::RequestTicket;
    r.count = count;
    r.vcpus = vcpus;
    r.memoryMb = memoryMb;
    r.timeoutMs = timeoutMs;
    return r;
}

Request Request::clone(const QString &ticket)
{
    Request r;
    r.op = Op::Clone;
    r.ticket = ticket;
    return r;
}

Request Request::join(bool report)
{
    Request r;
    r.op = Op::Join;
    r.report = report;
    return r;
}

Request Request::killTicket(const QString &ticket)
{
    Request r;
    r.op = Op::Kill;
    r.ticket = ticket;
    return r;
}

Request Request::killDomain(int domid)
{
    Request r;
    r.op = Op::Kill;
    r.domid = domid;
    return r;
}

Request Request::release(const QString &ticket)
{
    Request r;
    r.op = Op::Release;
    r.ticket = ticket;
    return r;
}

Request Request::ticketHistory(const QString &ticket)
{
    Request r;
    r.op = Op::History;
    r.ticket = ticket;
    return r;
}

Request Request::domainHistory(int domid)
{
    Request r;
    r.op = Op::History;
    r.domid = domid;
    return r;
}

Record Request::toRecord() const
{
    Record r;
    r.set(QStringLiteral("op"), toString(op));
    switch (op) {
    case Op::RequestTicket:
        r.set(QStringLiteral("count"), count);
        r.set(QStringLiteral("vcpus"), vcpus);
        r.set(QStringLiteral("memory"), memoryMb);
        r.set(QStringLiteral("timeout"), timeoutMs);
        break;
    case Op::Clone:
    case Op::Release:
        r.set(QStringLiteral("ticket"), ticket);
        break;
    case Op::Join:
        r.set(QStringLiteral("report"), report ? 1 : 0);
        break;
    case Op::Kill:
    case Op::History:
        if (domid >= 0)
            r.set(QStringLiteral("domid"), domid);
        else
            r.set(QStringLiteral("ticket"), ticket);
        break;
    }
    return r;
}

Result<Request> Request::fromRecord(const Record &record)
{
    const QString opName = record.value(QStringLiteral("op"));
    std::optional<Op> op;
    for (std::size_t i = 0; i < kOps.size(); ++i) {
        if (opName == QLatin1String(kOps[i]))
            op = Op(i);
    }
    if (!op)
        return Error{ENOSYS, QStringLiteral("request"), QStringLiteral("unknown operation")};

    // Unknown keys are refused, not ignored: a request means exactly what it says.
    auto onlyKeys = [&](std::initializer_list<const char *> allowed) -> bool {
        for (const QString &key : record.keys()) {
            bool known = key == QLatin1String("op");
            for (const char *name : allowed)
                known = known || key == QLatin1String(name);
            if (!known)
                return false;
        }
        return true;
    };

    Request r;
    r.op = *op;
    switch (*op) {
    case Op::RequestTicket: {
        if (!onlyKeys({"count", "vcpus", "memory", "timeout"}))
            return invalid(QStringLiteral("unexpected field in rt"));
        const auto count = record.integer(QStringLiteral("count"), 1, RequestLimits::kMaxCount);
        const auto vcpus = record.integer(QStringLiteral("vcpus"), 1, RequestLimits::kMaxVcpus);
        const auto memory = record.integer(QStringLiteral("memory"), 1, RequestLimits::kMaxMemoryMb);
        const auto timeout = record.integer(QStringLiteral("timeout"), 0, RequestLimits::kMaxTimeoutMs);
        for (const auto *field : {&count, &vcpus, &memory, &timeout}) {
            if (!*field)
                return invalid(field->error().message);
        }
        r.count = int(*count);
        r.vcpus = int(*vcpus);
        r.memoryMb = *memory;
        r.timeoutMs = *timeout;
        return r;
    }
    case Op::Clone:
    case Op::Release:
        if (!onlyKeys({"ticket"}))
            return invalid(QStringLiteral("unexpected field"));
        r.ticket = record.value(QStringLiteral("ticket"));
        if (!protocol::isValidTicketId(r.ticket))
            return invalid(QStringLiteral("invalid ticket id"));
        return r;
    case Op::Join: {
        if (!onlyKeys({"report"}))
            return invalid(QStringLiteral("unexpected field in join"));
        const auto report = record.contains(QStringLiteral("report"))
                                ? record.integer(QStringLiteral("report"), 0, 1)
                                : Result<qint64>(1);
        if (!report)
            return invalid(report.error().message);
        r.report = *report == 1;
        return r;
    }
    case Op::Kill:
    case Op::History: {
        if (!onlyKeys({"ticket", "domid"}))
            return invalid(QStringLiteral("unexpected field in %1").arg(toString(*op)));
        const bool hasTicket = record.contains(QStringLiteral("ticket"));
        const bool hasDomid = record.contains(QStringLiteral("domid"));
        if (hasTicket == hasDomid)
            return invalid(QStringLiteral("%1 needs exactly one of ticket or domid").arg(toString(*op)));
        if (hasTicket) {
            r.ticket = record.value(QStringLiteral("ticket"));
            if (!protocol::isValidTicketId(r.ticket))
                return invalid(QStringLiteral("invalid ticket id"));
        } else {
            const auto domid = protocol::parseDomid(record.value(QStringLiteral("domid")));
            if (!domid)
                return invalid(QStringLiteral("invalid domid"));
            r.domid = *domid;
        }
        return r;
    }
    }
    return invalid(QStringLiteral("unknown operation"));
}

Result<Request> Request::parse(const QByteArray &value)
{
    auto record = Record::parse(value);
    if (!record)
        return Error{record.error().code, QStringLiteral("request"), record.error().message};
    return fromRecord(*record);
}

Reply Reply::success(Record fields)
{
    Reply r;
    r.ok = true;
    r.fields = std::move(fields);
    return r;
}

Reply Reply::failure(const Error &error)
{
    Reply r;
    r.ok = false;
    r.errorCode = error.code;
    r.message = error.message;
    return r;
}

Error Reply::toError() const
{
    return Error{errorCode, {}, message};
}

Record Reply::toRecord() const
{
    Record r;
    r.set(QStringLiteral("status"), ok ? QStringLiteral("ok") : QStringLiteral("error"));
    if (!ok) {
        r.set(QStringLiteral("errno"), Error::errnoName(errorCode));
        r.set(QStringLiteral("message"), message.left(400));
    }
    for (const QString &key : fields.keys()) {
        if (key != QLatin1String("status") && key != QLatin1String("errno") &&
            key != QLatin1String("message"))
            r.set(key, fields.value(key));
    }
    return r;
}

Result<Reply> Reply::parse(const QByteArray &value)
{
    auto record = Record::parse(value);
    if (!record)
        return Error{record.error().code, QStringLiteral("reply"), record.error().message};
    Reply reply;
    const QString status = record->value(QStringLiteral("status"));
    if (status != QLatin1String("ok") && status != QLatin1String("error"))
        return Error{EINVAL, QStringLiteral("reply"), QStringLiteral("reply without a valid status")};
    reply.ok = status == QLatin1String("ok");
    if (!reply.ok) {
        reply.errorCode = Error::errnoFromName(record->value(QStringLiteral("errno")));
        reply.message = record->value(QStringLiteral("message"));
    }
    for (const QString &key : record->keys()) {
        if (key != QLatin1String("status") && key != QLatin1String("errno") &&
            key != QLatin1String("message"))
            reply.fields.set(key, record->value(key));
    }
    return reply;
}

} // namespace clonedeck
