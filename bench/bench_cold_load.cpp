// Cold load: a new console connects to a platform holding 1,000, then 10,000
// domains; time from connect until ClusterMirror has loaded and
// MembershipModel/TicketModel hold every row (median of 5 cold starts, each
// with a new connection, mirror and models). Goal: < 1 s at 10,000. Peer in
// the same run: Debian's `xenstore-ls` listing the same /clonedeck tree.
#include "BenchPlatform.h"
#include "BenchSupport.h"
#include "ConsoleModels.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QProcess>

using namespace clonedeck;
using namespace clonedeck::bench;

namespace {
constexpr int kRuns = 5;

// One cold start; milliseconds until every row is in, or -1.
double coldLoad(const BenchPlatform &platform)
{
    ConsoleModels console(platform.socketPath());
    QElapsedTimer timer;
    double loadedMs = -1;
    QObject::connect(&console.mirror(), &ClusterMirror::loaded,
                     [&] { loadedMs = timer.nsecsElapsed() / 1e6; });
    timer.start();
    console.start();
    if (!runUntil([&] { return loadedMs >= 0; }, 60000))
        return -1;
    const int domains = console.domainRows();
    const int tickets = console.tickets().rowCount();
    if (domains != platform.domainCount() || tickets != platform.ticketCount()) {
        qCritical("models hold %d domains and %d tickets, the platform %d and %d", domains, tickets,
                  platform.domainCount(), platform.ticketCount());
        return -1;
    }
    return loadedMs;
}

// `xenstore-ls /clonedeck` against the same xenstored, start to exit, in milliseconds.
double xenstoreLs(const BenchPlatform &platform)
{
    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("XENSTORED_PATH"), platform.socketPath());
    process.setProcessEnvironment(env);
    QElapsedTimer timer;
    timer.start();
    process.start(QStringLiteral("/usr/bin/xenstore-ls"), {QStringLiteral("/clonedeck")});
    if (!process.waitForFinished(60000) || process.exitCode() != 0)
        return -1;
    return timer.nsecsElapsed() / 1e6;
}
} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    BenchPlatform platform;
    return platform.measureAtSizes({1000, 10000}, [&platform](int size) {
        QList<double> loads;
        QList<double> listings;
        for (int run = 0; run < kRuns; ++run) {
            loads.append(coldLoad(platform));
            listings.append(xenstoreLs(platform));
        }
        if (loads.contains(-1) || listings.contains(-1))
            return false;
        const double load = percentile(loads, 50);
        const double listing = percentile(listings, 50);
        figure(QStringLiteral("cold_load_%1").arg(size), load, QStringLiteral("ms"));
        figure(QStringLiteral("xenstore_ls_%1").arg(size), listing, QStringLiteral("ms"));
        figure(QStringLiteral("cold_load_%1_vs_xenstore_ls").arg(size), load / listing, QStringLiteral("x"));
        return true;
    });
}
