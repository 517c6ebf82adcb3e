#pragma once

// The console's data path without its widgets: a PlatformGateway (its one connection),
// a ClusterMirror and the MembershipModel/TicketModel fed from it, wired as the
// console's views wire them. What the cold-load and latency benchmarks measure.
#include "ClusterMirror.h"
#include "MembershipModel.h"
#include "PlatformGateway.h"
#include "TicketModel.h"
#include "XenstoreTransport.h"

#include <memory>

namespace clonedeck::bench {

class ConsoleModels
{
public:
    explicit ConsoleModels(const QString &socketPath);
    // Through any transport (a remote host's SSH channel: bench_ssh_hosts).
    explicit ConsoleModels(std::unique_ptr<XenstoreTransport> transport);

    void start(); // connects, and loads through the mirror's watch
    PlatformGateway &gateway() { return m_gateway; }
    ClusterMirror &mirror() { return m_mirror; }
    MembershipModel &membership() { return m_membership; }
    TicketModel &tickets() { return m_tickets; }

    // Domain rows in the membership tree (cluster rows left out).
    int domainRows() const;

private:
    QString m_socketPath;
    std::unique_ptr<XenstoreTransport> m_transport;
    PlatformGateway m_gateway;
    ClusterMirror m_mirror;
    MembershipModel m_membership;
    TicketModel m_tickets;
};

} // namespace clonedeck::bench
