#pragma once

// A request a domain writes under its own path, and the platform's reply
// (docs/protocol.md, "Requests"). Every field is validated and bounded here,
// once, for both sides: what parses is safe to act on.
#include "Error.h"
#include "Record.h"

#include <QList>
#include <QString>

namespace clonedeck {

struct RequestLimits
{
    static constexpr int kMaxCount = 1000;
    static constexpr int kMaxVcpus = 64;
    static constexpr qint64 kMaxMemoryMb = 1024 * 1024;
    static constexpr qint64 kMaxTimeoutMs = 3600 * 1000;
};

struct Request
{
    enum class Op
    {
        RequestTicket,
        Clone,
        Join,
        Kill,
        Release,
        History // read-only: a ticket's or a domain's transitions
    };

    Op op = Op::RequestTicket;
    // rt
    int count = 0;
    int vcpus = 0;
    qint64 memoryMb = 0;
    qint64 timeoutMs = 0;
    // clone, release, kill or history of a ticket
    QString ticket;
    // kill or history of one domain; -1 when not given
    int domid = -1;
    // join
    bool report = true;

    static Request requestTicket(int count, int vcpus, qint64 memoryMb, qint64 timeoutMs);
    static Request clone(const QString &ticket);
    static Request join(bool report);
    static Request killTicket(const QString &ticket);
    static Request killDomain(int domid);
    static Request release(const QString &ticket);
    static Request ticketHistory(const QString &ticket);
    static Request domainHistory(int domid);

    Record toRecord() const;
    static Result<Request> fromRecord(const Record &record);
    static Result<Request> parse(const QByteArray &value);
};

QString toString(Request::Op op);

struct Reply
{
    bool ok = false;
    int errorCode = 0; // errno when !ok
    QString message;
    Record fields; // op-specific results: ticket, granted, requested, domids, vmids

    static Reply success(Record fields = {});
    static Reply failure(const Error &error);
    Error toError() const;

    Record toRecord() const;
    static Result<Reply> parse(const QByteArray &value);
};

} // namespace clonedeck
