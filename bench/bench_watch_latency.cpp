// Watch-to-model latency: a domain record's state changes in xenstore (written
// by another thread on its own connection, as the control plane writes it) ->
// MembershipModel emits dataChanged for that domain's row, through the real
// path (watch, the client's worker reading the node, ClusterMirror diff, model). p50 and
// p99 of 500 changes to random domains, at 1,000 and 10,000 domains; one change
// in flight at a time, 2 ms apart, so no two are coalesced. Goal: p99 < 2 ms.
#include "BenchPlatform.h"
#include "BenchSupport.h"
#include "ConsoleModels.h"
#include "DomainRecordWriter.h"

#include <QCoreApplication>
#include <QRandomGenerator>

using namespace clonedeck;
using namespace clonedeck::bench;

namespace {
constexpr int kSamples = 500;

// Latencies in milliseconds, or an empty list on failure.
QList<double> measure(const BenchPlatform &platform)
{
    ConsoleModels console(platform.socketPath());
    bool loaded = false;
    QObject::connect(&console.mirror(), &ClusterMirror::loaded, [&] { loaded = true; });
    console.start();
    if (!runUntil([&] { return loaded; }, 60000))
        return {};
    const QList<DomainInfo> domains = console.mirror().domains().values();
    DomainRecordWriter writer(platform.socketPath());

    QList<double> latencies;
    DomainInfo pending;
    bool inFlight = false;
    auto sendNext = [&] {
        pending = domains[QRandomGenerator::global()->bounded(int(domains.size()))];
        pending = console.mirror().domains().value(pending.domid);
        pending.state = pending.state == DomainState::Running ? DomainState::Stopping : DomainState::Running;
        inFlight = true;
        writer.write(pending);
    };
    QObject::connect(&console.membership(), &QAbstractItemModel::dataChanged,
                     [&](const QModelIndex &topLeft) {
                         const qint64 seen = DomainRecordWriter::now();
                         if (!inFlight || topLeft.data(MembershipModel::DomidRole).toInt() != pending.domid)
                             return;
                         const auto shown = console.membership().domain(topLeft);
                         if (!shown || shown->state != pending.state)
                             return;
                         inFlight = false;
                         latencies.append((seen - writer.sentAt()) / 1e6);
                         if (latencies.size() < kSamples)
                             QTimer::singleShot(2, sendNext);
                     });
    sendNext();
    if (!runUntil([&] { return latencies.size() >= kSamples; }, 120000)) {
        qCritical("only %lld of %d changes reached the model", qlonglong(latencies.size()), kSamples);
        return {};
    }
    return latencies;
}
} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    BenchPlatform platform;
    return platform.measureAtSizes({1000, 10000}, [&platform](int size) {
        const QList<double> latencies = measure(platform);
        if (latencies.isEmpty())
            return false;
        figure(QStringLiteral("watch_to_model_%1_p50").arg(size), percentile(latencies, 50),
               QStringLiteral("ms"));
        figure(QStringLiteral("watch_to_model_%1_p99").arg(size), percentile(latencies, 99),
               QStringLiteral("ms"));
        return true;
    });
}
