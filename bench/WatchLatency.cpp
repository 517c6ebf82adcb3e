#include "WatchLatency.h"

#include "BenchSupport.h"
#include "ConsoleModels.h"
#include "DomainRecordWriter.h"

#include <QRandomGenerator>

namespace clonedeck::bench {

QList<double> watchToModelLatencies(ConsoleModels &console, const QString &writerSocket, int samples)
{
    bool loaded = false;
    QObject::connect(&console.mirror(), &ClusterMirror::loaded, [&] { loaded = true; });
    console.start();
    if (!runUntil([&] { return loaded; }, 60000))
        return {};
    const QList<DomainInfo> domains = console.mirror().domains().values();
    DomainRecordWriter writer(writerSocket);

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
                         if (latencies.size() < samples)
                             QTimer::singleShot(2, sendNext);
                     });
    sendNext();
    if (!runUntil([&] { return latencies.size() >= samples; }, 120000)) {
        qCritical("only %lld of %d changes reached the model", qlonglong(latencies.size()), samples);
        return {};
    }
    return latencies;
}

} // namespace clonedeck::bench
