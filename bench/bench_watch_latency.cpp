// Watch-to-model latency: a domain record's state changes in xenstore (written
// by another thread on its own connection, as the control plane writes it) ->
// MembershipModel emits dataChanged for that domain's row, through the real
// path (watch, the client's worker reading the node, ClusterMirror diff, model). p50 and
// p99 of 500 changes to random domains, at 1,000 and 10,000 domains; one change
// in flight at a time, 2 ms apart, so no two are coalesced. Goal: p99 < 2 ms.
#include "BenchPlatform.h"
#include "BenchSupport.h"
#include "ConsoleModels.h"
#include "WatchLatency.h"

#include <QCoreApplication>

using namespace clonedeck;
using namespace clonedeck::bench;

namespace {
constexpr int kSamples = 500;
} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    BenchPlatform platform;
    return platform.measureAtSizes({1000, 10000}, [&platform](int size) {
        ConsoleModels console(platform.socketPath());
        const QList<double> latencies = watchToModelLatencies(console, platform.socketPath(), kSamples);
        if (latencies.isEmpty())
            return false;
        figure(QStringLiteral("watch_to_model_%1_p50").arg(size), percentile(latencies, 50),
               QStringLiteral("ms"));
        figure(QStringLiteral("watch_to_model_%1_p99").arg(size), percentile(latencies, 99),
               QStringLiteral("ms"));
        return true;
    });
}
