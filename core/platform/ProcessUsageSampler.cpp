#include "ProcessUsageSampler.h"

#include <QDateTime>

#include <dirent.h>
#include <fcntl.h>
#include <linux/kcmp.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>

namespace clonedeck {

namespace {

// Reads a small /proc file with plain syscalls: QFile's buffering and QString conversions cost
// more than the read itself when every process is read once a second.
int readSmallFile(const char *path, char *buffer, int size)
{
    const int fd = ::open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    const ssize_t n = ::read(fd, buffer, size_t(size - 1));
    ::close(fd);
    if (n <= 0)
        return -1;
    buffer[n] = '\0';
    return int(n);
}

// Fields of /proc/<pid>/stat after the command name (which may hold spaces and parentheses: the
// last ')' ends it). Field 3 (state) is the first one after it.
bool parseStat(const char *text, ProcessUsageSampler::ProcessStat *stat)
{
    const char *end = std::strrchr(text, ')');
    if (!end)
        return false;
    const char *p = end + 1;
    qint64 fields[25] = {};
    for (int field = 3; field <= 24 && *p; ++field) {
        while (*p == ' ')
            ++p;
        if (field > 3)
            fields[field] = std::strtoll(p, nullptr, 10);
        while (*p && *p != ' ')
            ++p;
    }
    stat->parent = fields[4];
    stat->cpuTicks = fields[14] + fields[15] + fields[16] + fields[17]; // utime stime cutime cstime
    stat->startTicks = fields[22];
    stat->rssPages = fields[24];
    return true;
}

qint64 pssKb(qint64 pid)
{
    char path[64];
    char text[4096];
    std::snprintf(path, sizeof path, "/proc/%lld/smaps_rollup", static_cast<long long>(pid));
    if (readSmallFile(path, text, sizeof text) < 0)
        return -1;
    const char *line = std::strstr(text, "\nPss:");
    return line ? std::strtoll(line + 5, nullptr, 10) : -1;
}

// Whether two processes have one memory (CLONE_VM: a confined VM's init and each of its command
// inits, or a vfork child until it execs), by the kernel's own comparison. Their RSS and PSS are
// that one memory's: counted for each, a VM running five commands would show its init's memory six
// times. When the kernel cannot tell (no kcmp, or no right to compare), each counts, as before.
bool shareMemory(qint64 pid, qint64 other)
{
    return ::syscall(SYS_kcmp, pid_t(pid), pid_t(other), KCMP_VM, 0, 0) == 0;
}

qint64 bootNs()
{
    timespec now{};
    ::clock_gettime(CLOCK_BOOTTIME, &now);
    return qint64(now.tv_sec) * 1000000000 + now.tv_nsec;
}

} // namespace

QHash<qint64, ProcessUsageSampler::ProcessStat> ProcessUsageSampler::readAll()
{
    QHash<qint64, ProcessStat> all;
    DIR *proc = ::opendir("/proc");
    if (!proc)
        return all;
    char path[64];
    char text[1024];
    while (const dirent *entry = ::readdir(proc)) {
        char *end = nullptr;
        const qint64 pid = std::strtoll(entry->d_name, &end, 10);
        if (pid <= 0 || *end != '\0')
            continue;
        std::snprintf(path, sizeof path, "/proc/%lld/stat", static_cast<long long>(pid));
        ProcessStat stat;
        if (readSmallFile(path, text, sizeof text) > 0 && parseStat(text, &stat))
            all.insert(pid, stat);
    }
    ::closedir(proc);
    return all;
}

QHash<int, DomainUsage> ProcessUsageSampler::sample(const QHash<int, QList<qint64>> &roots)
{
    QHash<int, DomainUsage> usage;
    if (roots.isEmpty()) {
        m_seen.clear();
        m_lastBootNs = 0;
        return usage;
    }
    const QHash<qint64, ProcessStat> all = readAll();
    const qint64 nowNs = bootNs();
    const qint64 ticksPerSecond = ::sysconf(_SC_CLK_TCK);
    const qint64 pageKb = ::sysconf(_SC_PAGESIZE) / 1024;
    // Which domain each process belongs to: walk up to a root, remembering every answer on the way,
    // so the pass stays linear in the number of processes.
    QHash<qint64, int> owner;
    for (auto it = roots.begin(); it != roots.end(); ++it) {
        for (qint64 pid : it.value()) {
            if (all.contains(pid))
                owner.insert(pid, it.key());
        }
    }
    QList<qint64> path;
    for (auto it = all.begin(); it != all.end(); ++it) {
        qint64 pid = it.key();
        path.clear();
        int domid = -1;
        while (pid > 1) {
            if (const auto known = owner.constFind(pid); known != owner.constEnd()) {
                domid = known.value();
                break;
            }
            path.append(pid);
            pid = all.value(pid).parent;
        }
        for (qint64 visited : std::as_const(path))
            owner.insert(visited, domid);
    }
    const qint64 previousBootTicks = m_lastBootNs * ticksPerSecond / 1000000000;
    QHash<qint64, Seen> seen;
    for (auto it = owner.begin(); it != owner.end(); ++it) {
        if (it.value() < 0)
            continue;
        const ProcessStat &stat = all[it.key()];
        DomainUsage &u = usage[it.value()];
        u.domid = it.value();
        u.processes += 1;
        // A process with its parent's memory adds no memory: the parent (in the same domain,
        // so counted) has it already.
        const bool parentsMemory =
            owner.value(stat.parent, -1) == it.value() && shareMemory(it.key(), stat.parent);
        if (!parentsMemory) {
            u.rssKb += stat.rssPages * pageKb;
            const qint64 pss = pssKb(it.key());
            u.pssKb = pss < 0 ? u.pssKb : std::max<qint64>(u.pssKb, 0) + pss;
        }
        // CPU time since the previous sample: a process seen then counts its growth; one started
        // since counts all of its time; one that was there but not yet seen (the first sample)
        // counts nothing, as its time belongs to the past.
        const auto before = m_seen.constFind(it.key());
        qint64 ticks = 0;
        if (before != m_seen.constEnd() && before->startTicks == stat.startTicks)
            ticks = std::max<qint64>(0, stat.cpuTicks - before->cpuTicks);
        else if (m_lastBootNs > 0 && stat.startTicks >= previousBootTicks)
            ticks = stat.cpuTicks;
        u.cpuPercent += int(ticks); // ticks for now, a percentage below
        seen.insert(it.key(), Seen{stat.startTicks, stat.cpuTicks});
    }
    const qint64 elapsedNs = m_lastBootNs > 0 ? nowNs - m_lastBootNs : 0;
    const qint64 sampledMs = QDateTime::currentMSecsSinceEpoch();
    for (DomainUsage &u : usage) {
        u.cpuPercent =
            elapsedNs > 0 ? int(qint64(u.cpuPercent) * 100 * 1000000000 / ticksPerSecond / elapsedNs) : 0;
        u.sampledMs = sampledMs;
    }
    m_seen = std::move(seen);
    m_lastBootNs = nowNs;
    return usage;
}

} // namespace clonedeck
