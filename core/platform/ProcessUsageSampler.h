#pragma once

// Measures what trees of host processes use, from /proc: CPU % since the previous
// sample and resident memory (RSS from stat, PSS from smaps_rollup), summed per
// domain. A domain is given by the roots of its trees (a confined sandbox VM: its init,
// pid 1 of the VM's PID namespace, so every process of the VM, orphans included, stays
// below it; an unconfined one: each command's shell; a QEMU VM: its QEMU process). One pass
// over /proc per sample whatever the number of domains, and none at all when no root
// is given: 1,000 idle sandbox VMs have no process, and cost nothing to sample. A memory
// that processes share (CLONE_VM: a VM's init and its command inits) counts once.
// Not thread-safe: one sample at a time (the backends run it on one worker thread).
#include "UsageRecord.h"

#include <QHash>
#include <QList>

namespace clonedeck {

class ProcessUsageSampler
{
public:
    // roots: domid -> root pids. Domains without any process found are left out of the result.
    QHash<int, DomainUsage> sample(const QHash<int, QList<qint64>> &roots);

    struct ProcessStat
    {
        qint64 parent = 0;
        qint64 startTicks = 0; // since boot: tells a process from a later one with its pid
        qint64 cpuTicks = 0;   // its own and its reaped children's, so a finished child's work still counts
        qint64 rssPages = 0;
    };
    // /proc/<pid>/stat of every process; public for tests.
    static QHash<qint64, ProcessStat> readAll();

private:
    struct Seen
    {
        qint64 startTicks = 0;
        qint64 cpuTicks = 0;
    };
    QHash<qint64, Seen> m_seen; // the previous sample's figures per attributed process
    qint64 m_lastBootNs = 0;    // when it was taken (CLOCK_BOOTTIME, the clock of startTicks)
};

} // namespace clonedeck
