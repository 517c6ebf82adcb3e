#include "CapacityLedger.h"

namespace clonedeck {

CapacityLedger::CapacityLedger(const QList<HostSpec> &hosts)
{
    for (const HostSpec &spec : hosts) {
        HostInfo info;
        info.name = spec.name;
        info.vcpus = spec.vcpus;
        info.memoryMb = spec.memoryMb;
        m_hosts.insert(spec.name, info);
    }
}

QString CapacityLedger::roomiestHost(int vcpus, qint64 memoryMb) const
{
    QString best;
    double bestRoom = -1;
    for (const HostInfo &host : m_hosts) {
        if (host.freeVcpus() < vcpus || host.freeMemoryMb() < memoryMb)
            continue;
        // Relative room left, so one big host does not take every slot before smaller ones fill.
        const double room =
            double(host.freeVcpus()) / host.vcpus + double(host.freeMemoryMb()) / host.memoryMb;
        if (room > bestRoom) {
            bestRoom = room;
            best = host.name;
        }
    }
    return best;
}

int CapacityLedger::fittingSlots(int wanted, int vcpus, qint64 memoryMb) const
{
    int slotCounts = 0;
    for (const HostInfo &host : m_hosts) {
        const int byCpu = vcpus > 0 ? host.freeVcpus() / vcpus : wanted;
        const int byMemory =
            memoryMb > 0 ? int(std::min<qint64>(host.freeMemoryMb() / memoryMb, wanted)) : wanted;
        slotCounts += std::max(0, std::min(byCpu, byMemory));
        if (slotCounts >= wanted)
            return wanted;
    }
    return slotCounts;
}

QPair<QString, int> CapacityLedger::reserve(int wanted, int vcpus, qint64 memoryMb)
{
    QMap<QString, int> allocation;
    int reserved = 0;
    while (reserved < wanted) {
        const QString name = roomiestHost(vcpus, memoryMb);
        if (name.isEmpty())
            break;
        adjust(name, 0, 0, vcpus, memoryMb);
        allocation[name] += 1;
        ++reserved;
    }
    return {formatAllocation(allocation), reserved};
}

void CapacityLedger::adjust(const QString &name, int usedVcpus, qint64 usedMemoryMb, int reservedVcpus,
                            qint64 reservedMemoryMb)
{
    const auto host = m_hosts.find(name);
    if (host == m_hosts.end())
        return; // a host no longer configured: nothing to account on it
    host->usedVcpus = std::max(0, host->usedVcpus + usedVcpus);
    host->usedMemoryMb = std::max<qint64>(0, host->usedMemoryMb + usedMemoryMb);
    host->reservedVcpus = std::max(0, host->reservedVcpus + reservedVcpus);
    host->reservedMemoryMb = std::max<qint64>(0, host->reservedMemoryMb + reservedMemoryMb);
}

void CapacityLedger::unreserve(const QString &allocation, int vcpus, qint64 memoryMb)
{
    const auto slotCounts = parseAllocation(allocation);
    for (auto it = slotCounts.begin(); it != slotCounts.end(); ++it)
        adjust(it.key(), 0, 0, -vcpus * it.value(), -memoryMb * it.value());
}

void CapacityLedger::addReservation(const QString &allocation, int vcpus, qint64 memoryMb)
{
    const auto slotCounts = parseAllocation(allocation);
    for (auto it = slotCounts.begin(); it != slotCounts.end(); ++it)
        adjust(it.key(), 0, 0, vcpus * it.value(), memoryMb * it.value());
}

void CapacityLedger::commitSlot(const QString &name, int vcpus, qint64 memoryMb)
{
    adjust(name, vcpus, memoryMb, -vcpus, -memoryMb);
}

void CapacityLedger::releaseUse(const QString &name, int vcpus, qint64 memoryMb)
{
    adjust(name, -vcpus, -memoryMb, 0, 0);
}

void CapacityLedger::addUse(const QString &name, int vcpus, qint64 memoryMb)
{
    adjust(name, vcpus, memoryMb, 0, 0);
}

QString CapacityLedger::placeDirect(int vcpus, qint64 memoryMb)
{
    const QString name = roomiestHost(vcpus, memoryMb);
    if (!name.isEmpty())
        addUse(name, vcpus, memoryMb);
    return name;
}

QMap<QString, int> CapacityLedger::parseAllocation(const QString &allocation)
{
    QMap<QString, int> slotCounts;
    for (const QString &item : allocation.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        const int colon = item.lastIndexOf(QLatin1Char(':'));
        if (colon > 0)
            slotCounts[item.left(colon)] += item.mid(colon + 1).toInt();
    }
    return slotCounts;
}

QString CapacityLedger::formatAllocation(const QMap<QString, int> &allocation)
{
    QStringList items;
    for (auto it = allocation.begin(); it != allocation.end(); ++it) {
        if (it.value() > 0)
            items.append(it.key() + QLatin1Char(':') + QString::number(it.value()));
    }
    return items.join(QLatin1Char(','));
}

} // namespace clonedeck
