#pragma once

// The platform's books: what each host has, what tickets reserve and what
// running domains use. Placement spreads slots over the hosts with the most
// room. Pure bookkeeping, so it can be replayed from the journal.
#include "PlatformConfig.h"
#include "PlatformRecords.h"

#include <QList>
#include <QMap>

namespace clonedeck {

class CapacityLedger
{
public:
    explicit CapacityLedger(const QList<HostSpec> &hosts);

    // How many slots of (vcpus, memory) fit now, up to `wanted`.
    int fittingSlots(int wanted, int vcpus, qint64 memoryMb) const;
    // Reserves up to `wanted` slots; returns the allocation "host:n,host:n" and the count reserved.
    QPair<QString, int> reserve(int wanted, int vcpus, qint64 memoryMb);
    void unreserve(const QString &allocation, int vcpus, qint64 memoryMb);
    // Moves one reserved slot on `host` to used (a clone starts).
    void commitSlot(const QString &host, int vcpus, qint64 memoryMb);
    // A running domain ends: its usage returns.
    void releaseUse(const QString &host, int vcpus, qint64 memoryMb);
    // A domain that was never reserved (a master) starts using a host; returns the host or empty if none
    // fits.
    QString placeDirect(int vcpus, qint64 memoryMb);
    // Records use without checking room: replaying the journal must account for what exists.
    void addUse(const QString &host, int vcpus, qint64 memoryMb);
    void addReservation(const QString &allocation, int vcpus, qint64 memoryMb);

    QList<HostInfo> hosts() const { return m_hosts.values(); }
    HostInfo host(const QString &name) const { return m_hosts.value(name); }

    static QMap<QString, int> parseAllocation(const QString &allocation);
    static QString formatAllocation(const QMap<QString, int> &allocation);

private:
    QString roomiestHost(int vcpus, qint64 memoryMb) const;
    // Adds to a host's books (negative: takes away), never below zero.
    void adjust(const QString &name, int usedVcpus, qint64 usedMemoryMb, int reservedVcpus,
                qint64 reservedMemoryMb);
    QMap<QString, HostInfo> m_hosts;
};

} // namespace clonedeck
