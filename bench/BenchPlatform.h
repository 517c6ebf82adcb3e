#pragma once

// A real clonedeckd holding N domains for the console benchmarks: its master
// and clones of it, every one made by the platform itself (tickets, clones,
// sandbox VMs with their SSH endpoints), so every record the console reads is
// one the control plane wrote. Growing to 10,000 domains takes ~15 s here.
#include "Error.h"
#include "PlatformFixture.h"

#include <functional>
#include <memory>

namespace clonedeck {
class PlatformClient;
class XenstoreConnection;
} // namespace clonedeck

namespace clonedeck::bench {

class BenchPlatform
{
public:
    BenchPlatform();
    ~BenchPlatform();

    // Starts clonedeckd with room for `capacity` clones (on four hosts, or the `hosts` given as
    // clonedeckd's --hosts takes them). Empty on success, else why not.
    QString start(int capacity, const QString &hosts = {});
    // The platform's API as its first master (domain 1) uses it.
    PlatformClient &master() { return *m_master; }
    // Clones the master until the platform holds `domains` domains (the master included).
    Status growTo(int domains);
    // start() with room for `domains`, then growTo(domains); what a console benchmark of one size
    // does first. Empty on success, else why not.
    QString startGrownTo(int domains);
    // What the console benchmarks share: a platform started for the largest size, grown to each
    // size in turn, `measure` run at each. A process exit status: 0, or 1 with the reason printed.
    int measureAtSizes(const QList<int> &sizes, const std::function<bool(int size)> &measure);

    int domainCount() const { return m_domains; }
    int ticketCount() const { return m_tickets; }
    QString socketPath() const { return m_fixture.socketPath(); }
    test::PlatformFixture &fixture() { return m_fixture; }

private:
    test::PlatformFixture m_fixture;
    std::unique_ptr<XenstoreConnection> m_xs;
    std::unique_ptr<PlatformClient> m_master;
    int m_domains = 0;
    int m_tickets = 0;
};

} // namespace clonedeck::bench
