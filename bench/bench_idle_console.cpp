// Idle budget (issue 15.2): the real console (MainWindow as main() wires it, offscreen)
// shows a platform of 1,000 idle sandbox clones (and their master) for 20 s. Goals: the
// console uses < 2 % of one core and < 100 MB resident; the platform writes no usage node
// for them (idle domains publish nothing). Also: clonedeckd's own CPU over the same
// window (its usage sampler runs every second over 1,001 running domains).
#include "BenchConsole.h"
#include "BenchSupport.h"
#include "ClusterMirror.h"
#include "MainWindow.h"
#include "MembershipModel.h"
#include "PlatformGateway.h"
#include "ProcessCpu.h"
#include "XenstoreClient.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QTimer>
#include <QTreeView>

#include <sys/resource.h>

using namespace clonedeck;
using namespace clonedeck::bench;
using clonedeck::test::processCpuMs;

namespace {
constexpr int kDomains = 1001; // the master and 1,000 clones
constexpr int kSeconds = 20;

double ownCpuSeconds()
{
    rusage usage{};
    ::getrusage(RUSAGE_SELF, &usage);
    return usage.ru_utime.tv_sec + usage.ru_stime.tv_sec +
           (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

} // namespace

int main(int argc, char *argv[])
{
    return runWithConsole(argc, argv, kDomains, 3000, [](BenchConsole &console) {
        ClusterMirror &mirror = console.mirror;
        // The uptime column on screen (at the default width it is scrolled out of sight, and
        // nothing would move): the worst an idle operator's view costs, its visible uptimes
        // repainted every second.
        QTreeView *tree = console.window.membershipView();
        tree->scrollTo(tree->model()->index(0, MembershipModel::Uptime));
        QElapsedTimer settle;
        settle.start();
        runUntil([&] { return settle.elapsed() > 500; }, 3000);
        int usageEvents = 0;
        QObject::connect(&mirror, &ClusterMirror::usageAdded, [&] { ++usageEvents; });
        QObject::connect(&mirror, &ClusterMirror::usageChanged, [&] { ++usageEvents; });
        QObject::connect(&mirror, &ClusterMirror::usageRemoved, [&] { ++usageEvents; });
        const qint64 daemon = console.platform.fixture().pid();
        const double consoleBefore = ownCpuSeconds();
        const double daemonBefore = processCpuMs(daemon) / 1000.0;
        QElapsedTimer window;
        window.start();
        // One timer for the whole window: runUntil's 1 ms poll woke this thread ~700 times a
        // second (callgrind: 12,241 timer events in 18 s), and that cost was counted as the console's.
        QEventLoop idle;
        QTimer::singleShot(kSeconds * 1000, &idle, &QEventLoop::quit);
        idle.exec();
        const double seconds = window.nsecsElapsed() / 1e9;
        figure(QStringLiteral("idle_console_cpu_1000"), 100 * (ownCpuSeconds() - consoleBefore) / seconds,
               QStringLiteral("%"));
        figure(QStringLiteral("idle_console_rss_1000"), residentMegabytes(), QStringLiteral("MB"));
        figure(QStringLiteral("idle_daemon_cpu_1000"),
               100 * (processCpuMs(daemon) / 1000.0 - daemonBefore) / seconds, QStringLiteral("%"));
        figure(QStringLiteral("idle_usage_updates_1000"), usageEvents + mirror.usage().size(),
               QStringLiteral("nodes"));
        return 0;
    });
}
