// Event storm: the real console (ui MainWindow with its models, wired as main()
// wires it, on QT_QPA_PLATFORM=offscreen) shows a platform of 10,000 domains
// while two other threads, each on its own xenstore connection (as the control
// plane and another client might), rewrite domain records 5,000 times a second
// in all for 10 s (each write flips one domain's state). A 5 ms
// heartbeat timer on the GUI thread measures the longest stall. Goals: stall
// < 50 ms; console RSS with 10,000 domains loaded < 150 MB. Also: the write
// rate achieved, how long the console took to show the last write after the
// storm ended, and the console's load time with its widgets.
#include "BenchConsole.h"
#include "BenchSupport.h"
#include "ClusterMirror.h"
#include "DomainRecordWriter.h"

#include <QElapsedTimer>

#include <memory>
#include <vector>

using namespace clonedeck;
using namespace clonedeck::bench;

namespace {
constexpr int kDomains = 10000;
constexpr int kWritesPerSecond = 5000;
constexpr int kSeconds = 10;
constexpr int kHeartbeatMs = 5;
constexpr int kWriters = 2; // one synchronous connection alone cannot always keep 5,000/s here
} // namespace

int main(int argc, char *argv[])
{
    // Let the window lay out and paint everything it was handed before measuring it.
    return runWithConsole(argc, argv, kDomains, 2000, [](BenchConsole &console) {
        const double loadedRss = residentMegabytes();
        ClusterMirror &mirror = console.mirror;
        // Heartbeat: the longest gap between two ticks while the storm runs.
        QElapsedTimer sinceTick;
        double longestGapMs = 0;
        QList<double> gaps;
        QTimer heartbeat;
        heartbeat.setTimerType(Qt::PreciseTimer);
        QObject::connect(&heartbeat, &QTimer::timeout, [&] {
            const double gap = sinceTick.nsecsElapsed() / 1e6;
            sinceTick.restart();
            gaps.append(gap);
            longestGapMs = std::max(longestGapMs, gap);
        });

        // Each writer flips the states of its own share of the domains.
        std::vector<std::unique_ptr<DomainRecordWriter>> writers;
        QList<QList<DomainInfo>> shares(kWriters);
        QList<DomainRecordWriter::StormResult> results;
        qint64 finishedAt = 0;
        const QList<DomainInfo> domains = mirror.domains().values();
        for (int w = 0; w < kWriters; ++w) {
            writers.push_back(std::make_unique<DomainRecordWriter>(console.platform.socketPath()));
            QObject::connect(writers.back().get(), &DomainRecordWriter::stormFinished,
                             [&](const DomainRecordWriter::StormResult &r) {
                                 finishedAt = DomainRecordWriter::now();
                                 results.append(r);
                             });
            for (qsizetype i = w; i < domains.size(); i += kWriters)
                shares[w].append(domains[i]);
        }
        sinceTick.start();
        heartbeat.start(kHeartbeatMs);
        for (int w = 0; w < kWriters; ++w)
            writers[w]->storm(shares[w], kWritesPerSecond / kWriters, kSeconds);
        if (!runUntil([&] { return results.size() == kWriters; }, (kSeconds + 120) * 1000)) {
            qCritical("the storm did not end");
            return 1;
        }
        // The storm is over once the console shows every writer's last write.
        const auto caughtUp = [&] {
            return std::all_of(results.begin(), results.end(), [&](const DomainRecordWriter::StormResult &r) {
                return mirror.domains().value(r.lastDomid).state == r.lastState;
            });
        };
        if (!runUntil(caughtUp, 60000)) {
            qCritical("the console never showed the storm's last writes");
            return 1;
        }
        const double drainMs = (DomainRecordWriter::now() - finishedAt) / 1e6;
        heartbeat.stop();

        figure(QStringLiteral("console_load_10000"), console.loadMs, QStringLiteral("ms"));
        figure(QStringLiteral("console_rss_10000"), loadedRss, QStringLiteral("MB"));
        qint64 writes = 0;
        double seconds = 0;
        for (const DomainRecordWriter::StormResult &r : std::as_const(results)) {
            writes += r.writes;
            seconds = std::max(seconds, r.seconds);
        }
        figure(QStringLiteral("storm_writes_per_s"), writes / seconds, QStringLiteral("1/s"));
        figure(QStringLiteral("storm_gui_max_stall"), longestGapMs, QStringLiteral("ms"));
        figure(QStringLiteral("storm_gui_p99_heartbeat"), percentile(gaps, 99), QStringLiteral("ms"));
        figure(QStringLiteral("storm_drain_after_last_write"), drainMs, QStringLiteral("ms"));
        figure(QStringLiteral("console_rss_after_storm"), residentMegabytes(), QStringLiteral("MB"));
        return 0;
    });
}
