// Platforms on other hosts (issue 14), over stock OpenSSH on loopback: three clonedeckd,
// each behind its own sshd (tests/support's RemoteHostsFixture), grown to N domains each by
// their own control planes (clonectl rt/clone as their master).
//  - ssh_cold_load_3x<N>: a console with a new SSH connection per host (handshake, known_hosts,
//    public-key login, direct-streamlocal channel) until ClusterMirror and the models of all
//    three hold every row. Median of 3. Goal (issue 14): < 1.5 s at 3 x 3,000.
//  - ssh_watch_to_model_<N>_p50/p99: a record written on host 0 -> the model's dataChanged, the
//    watch event and the read travelling over SSH (bench_watch_latency's method). Goal: p99 < 5 ms.
// N is 3,000: a sandbox VM holds two descriptors in its clonedeckd, so each daemon needs ~6,000
// of the 20,000 hard limit here (the three daemons are separate processes).
// Agent fan-out through the tunnel is not measured yet (see docs/remote-hosts.md).
#include "BenchSupport.h"
#include "ConnectionUri.h"
#include "ConsoleModels.h"
#include "RemoteHostsFixture.h"
#include "SshHostPool.h"
#include "WatchLatency.h"
#include "XenstoreConnection.h"
#include "XenstoreTransportFactory.h"

#include <QCoreApplication>
#include <QElapsedTimer>

#include <cstdio>

using namespace clonedeck;
using namespace clonedeck::bench;

namespace {
// CLONEDECK_BENCH_SSH_DOMAINS=N overrides it for a quick diagnostic run (the figures keep their
// names: run-all.sh never sets it).
const int kDomainsPerHost = qEnvironmentVariableIntValue("CLONEDECK_BENCH_SSH_DOMAINS") > 1
                                ? qEnvironmentVariableIntValue("CLONEDECK_BENCH_SSH_DOMAINS")
                                : 3000;
constexpr int kClonesPerTicket = 100; // a clone reply lists every domid in one 2,048-byte record
constexpr int kRuns = 3;
constexpr int kSamples = 300;

// Grows host's platform to `domains` (its master included) as its master would: rt, clone.
QString grow(test::RemoteHostsFixture &hosts, int host, int domains)
{
    for (int have = 1; have < domains;) {
        const int count = std::min(kClonesPerTicket, domains - have);
        const test::CommandResult rt =
            hosts.platform(host).clonectl({QStringLiteral("rt"), QString::number(count), QStringLiteral("1"),
                                           QStringLiteral("1"), QStringLiteral("0")});
        const QString ticket = QString::fromUtf8(rt.out).split(QLatin1Char(' ')).value(1);
        const test::CommandResult clone = hosts.platform(host).clonectl({QStringLiteral("clone"), ticket});
        if (rt.exitCode != 0 || clone.exitCode != 0 || clone.out.count('\n') != count)
            return QStringLiteral("host %1: rt/clone failed at %2 domains: %3%4")
                .arg(host)
                .arg(have)
                .arg(QString::fromUtf8(rt.err), QString::fromUtf8(clone.err));
        have += count;
    }
    return {};
}

SshHostOptions sshOptions(const test::RemoteHostsFixture &hosts)
{
    SshHostOptions options;
    options.identityFiles = {hosts.identity()};
    options.knownHostsFile = hosts.knownHostsFile();
    options.useSshAgent = false;
    return options;
}

std::unique_ptr<XenstoreTransport> transportTo(const test::RemoteHostsFixture &hosts, int host,
                                               SshHostPool &pool)
{
    return makeXenstoreTransport(*ConnectionUri::parse(hosts.uri(host)), pool);
}

// One cold start of a console of every host; milliseconds until all rows are in, or -1.
double coldLoad(const test::RemoteHostsFixture &hosts)
{
    SshHostPool pool(sshOptions(hosts)); // new: every host's SSH connection is made in the run
    std::vector<std::unique_ptr<ConsoleModels>> consoles;
    int loaded = 0;
    for (int host = 0; host < hosts.count(); ++host) {
        consoles.push_back(std::make_unique<ConsoleModels>(transportTo(hosts, host, pool)));
        QObject::connect(&consoles.back()->mirror(), &ClusterMirror::loaded, [&loaded] { ++loaded; });
    }
    QElapsedTimer timer;
    timer.start();
    for (auto &console : consoles)
        console->start();
    if (!runUntil([&] { return loaded >= hosts.count(); }, 60000))
        return -1;
    const double ms = timer.nsecsElapsed() / 1e6;
    for (auto &console : consoles) {
        if (console->domainRows() != kDomainsPerHost) {
            qCritical("a console holds %d domains, its host %d", console->domainRows(), kDomainsPerHost);
            return -1;
        }
    }
    return ms;
}
} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    test::RemoteHostsFixture hosts(3);
    test::PlatformFixture::Options options;
    const int perHost = kDomainsPerHost / 4 + 16;
    options.hosts =
        QStringLiteral("host1:%1:%2,host2:%1:%2,host3:%1:%2,host4:%1:%2").arg(perHost).arg(perHost * 64);
    options.startTimeoutMs = 60000;
    if (const QString error = hosts.start(options); !error.isEmpty()) {
        qCritical("%s", qPrintable(error));
        return 1;
    }
    // The record writer (host 0's control-plane side) uses libxenstore: its socket is fixed
    // before any SSH thread starts.
    if (!XenstoreConnection::fixSocketPath(hosts.platform(0).socketPath()))
        return 1;
    for (int host = 0; host < hosts.count(); ++host) {
        if (const QString error = grow(hosts, host, kDomainsPerHost); !error.isEmpty()) {
            qCritical("%s", qPrintable(error));
            return 1;
        }
    }
    QList<double> loads;
    for (int run = 0; run < kRuns; ++run)
        loads.append(coldLoad(hosts));
    if (loads.contains(-1))
        return 1;
    figure(QStringLiteral("ssh_cold_load_3x3000"), percentile(loads, 50), QStringLiteral("ms"));

    SshHostPool pool(sshOptions(hosts));
    ConsoleModels console(transportTo(hosts, 0, pool));
    const QList<double> latencies = watchToModelLatencies(console, hosts.platform(0).socketPath(), kSamples);
    if (latencies.isEmpty())
        return 1;
    figure(QStringLiteral("ssh_watch_to_model_3000_p50"), percentile(latencies, 50), QStringLiteral("ms"));
    figure(QStringLiteral("ssh_watch_to_model_3000_p99"), percentile(latencies, 99), QStringLiteral("ms"));
    return 0;
}
