#pragma once

// A real clonedeckd holding N domains for the console benchmarks: its master
// and clones of it, every one made by the platform itself (tickets, clones,
// sandbox VMs with their SSH endpoints), so every record the console reads is
// one the control plane wrote. Growing to 10,000 domains takes ~15 s here.
#include "Error.h"
#include "PlatformFixture.h"

#include <memory>

namespace clonedeck {
class XenstoreConnection;
}

namespace clonedeck::bench {

class BenchPlatform
{
public:
    BenchPlatform();
    ~BenchPlatform();

    // Starts clonedeckd with room for `capacity` clones. Empty on success, else why not.
    QString start(int capacity);
    // Clones the master until the platform holds `domains` domains (the master included).
    Status growTo(int domains);

    int domainCount() const { return m_domains; }
    int ticketCount() const { return m_tickets; }
    QString socketPath() const { return m_fixture.socketPath(); }
    test::PlatformFixture &fixture() { return m_fixture; }

private:
    test::PlatformFixture m_fixture;
    std::unique_ptr<XenstoreConnection> m_xs;
    int m_domains = 0;
    int m_tickets = 0;
};

} // namespace clonedeck::bench
