#pragma once

// The console's data path without its widgets: a XenstoreClient, a ClusterMirror
// and the MembershipModel/TicketModel fed from it, wired as ui/MainWindow wires
// them. What the cold-load and latency benchmarks measure.
#include "ClusterMirror.h"
#include "MembershipModel.h"
#include "TicketModel.h"
#include "XenstoreClient.h"

namespace clonedeck::bench {

class ConsoleModels
{
public:
    explicit ConsoleModels(const QString &socketPath);

    void start(); // connects, and loads through the mirror's watch
    XenstoreClient &client() { return m_client; }
    ClusterMirror &mirror() { return m_mirror; }
    MembershipModel &membership() { return m_membership; }
    TicketModel &tickets() { return m_tickets; }

    // Domain rows in the membership tree (cluster rows left out).
    int domainRows() const;

private:
    XenstoreClient m_client;
    ClusterMirror m_mirror;
    MembershipModel m_membership;
    TicketModel m_tickets;
};

} // namespace clonedeck::bench
