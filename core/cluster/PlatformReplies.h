#pragma once

// What the platform's records and replies mean to a client, in one place for both of
// its clients: the synchronous PlatformClient (clonectl, in-guest `gc`) and the
// console's asynchronous PlatformGateway.
#include "Error.h"
#include "PlatformRecords.h"
#include "Request.h"

#include <QList>

#include <optional>

namespace clonedeck {

struct TicketGrant
{
    QString ticket;
    int granted = 0;
    int requested = 0;
};

struct TicketDetails
{
    TicketInfo ticket;
    QList<DomainInfo> clones; // by vmid
};

namespace replies {

// How long a call may take beyond what the request itself asks for (e.g. an rt timeout).
inline constexpr int kCallMarginMs = 15000;
// A call that asks for no time of its own (cloning a hundred VMs takes a while).
inline constexpr int kDefaultCallMs = 120000;
// A read-only call: answered at once by a live platform.
inline constexpr int kReadCallMs = 15000;
// How long to wait for the reply to this request: an rt its own timeout plus the margin;
// anything else two minutes (cloning a hundred VMs takes a while).
qint64 replyDeadlineMs(const Request &request);
// <pid>-<sequence>-<random>: unique per process, unlikely to repeat across processes.
QString newRequestId(int sequence);

// The reply's error, or the reply itself when it says ok.
Result<Reply> expectOk(Result<Reply> reply);
Result<TicketGrant> ticketGrantOf(const Reply &reply);
// The clones' domids the reply lists; nullopt when they did not fit in it (read the ticket's details).
std::optional<Result<QList<int>>> clonedDomidsOf(const Reply &reply, const QString &ticket);
int killedCountOf(const Reply &reply);

// A published record read from xenstore (or the error of reading it), as the record it is.
Result<DomainInfo> domainOf(int domid, const Result<QByteArray> &value);
Result<TicketInfo> ticketOf(const QString &id, const Result<QByteArray> &value);
Result<PlatformInfo> platformOf(const Result<QByteArray> &value);

} // namespace replies
} // namespace clonedeck
