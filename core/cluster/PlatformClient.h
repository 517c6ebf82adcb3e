#pragma once

// The platform's API as a domain (or dom0 on its behalf) sees it: requests
// written under the domain's own path, replies awaited through a watch, and the
// published records read back. Synchronous and thread-affine, on libxenstore:
// for clonectl (and `gc` in guests). The console's asynchronous counterpart is
// PlatformGateway; both read replies and records through PlatformReplies.
#include "Error.h"
#include "PlatformReplies.h"

#include <QDeadlineTimer>
#include <QList>

#include <optional>

namespace clonedeck {

class XenstoreConnection;

class PlatformClient
{
public:
    // domid: the domain the requests are made by (or on behalf of, from dom0).
    PlatformClient(XenstoreConnection &xenstore, int domid);
    // A guest's client for its own domain, or nullopt when the channel names none (dom0's socket
    // without a `domid` key): paths relative to the domain (Xen's rule), so a call in flight when its
    // memory image is cloned completes in the master and in each clone, each as itself; the domid is
    // read again whenever it matters, since a clone is a new domain under the same running process.
    static std::optional<PlatformClient> forOwnDomain(XenstoreConnection &xenstore);

    int domid() const { return m_domid; }

    // Writes the request, waits for the platform's reply until the deadline.
    Result<Reply> call(const Request &request, QDeadlineTimer deadline);

    Result<TicketGrant> requestTicket(int count, int vcpus, qint64 memoryMb, qint64 timeoutMs);
    Result<QList<int>> clone(const QString &ticket);
    Status join(bool report);
    Result<int> killTicket(const QString &ticket);
    Status killDomain(int domid);
    Status release(const QString &ticket);

    Result<bool> isMaster();
    Result<PlatformInfo> platform();
    Result<DomainInfo> domain(int domid);
    Result<TicketInfo> ticket(const QString &id);
    Result<TicketDetails> ticketDetails(const QString &id);
    Result<QList<DomainInfo>> domains();
    Result<QList<TicketInfo>> tickets();
    Result<QList<HostInfo>> hosts();

private:
    Result<Reply> callOk(const Request &request);
    Result<int> currentDomid();

    XenstoreConnection &m_xs;
    int m_domid;
    bool m_ownDomain = false; // relative paths; m_domid as last read
    int m_sequence = 0;
};

} // namespace clonedeck
