// ProcessUsageSampler on real processes: a domain is the tree below its root, and a memory that
// processes share (CLONE_VM, as a confined VM's init shares its own with every command init it
// runs) counts once, while a process with a memory of its own adds it.
#include "ProcessUsageSampler.h"

#include <QFile>
#include <QTest>

#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <sched.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace clonedeck;

namespace {

constexpr size_t kRootBytes = 32 * 1024 * 1024;
constexpr size_t kForkBytes = 16 * 1024 * 1024;

// Memory made a process's own: mapped and written.
bool touchOwnMemory(size_t bytes)
{
    void *memory = ::mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (memory == MAP_FAILED)
        return false;
    std::memset(memory, 1, bytes);
    return true;
}

int g_hold = -1; // the read end the tree's processes wait on; closed by the test, they end

// On a stack of its own in a memory it shares: not instrumented, like the VM init's command inits.
__attribute__((no_sanitize("address"))) void waitForRelease()
{
    char byte = 0;
    while (::read(g_hold, &byte, 1) < 0 && errno == EINTR) {
    }
}

__attribute__((no_sanitize("address"))) int sharingChild(void *)
{
    waitForRelease();
    return 0;
}

// What each part of the tree reports on `ready` once it stands: which part, and its pid.
struct Report
{
    char part; // 'f': the forked child, 's': the child sharing the root's memory
    pid_t pid;
};

void report(int ready, char part, pid_t pid)
{
    const Report line{part, pid};
    if (::write(ready, &line, sizeof line) != ssize_t(sizeof line)) // atomic: below PIPE_BUF
        ::_exit(1);
}

pid_t startTree(const int (&hold)[2], const int (&ready)[2])
{
    const pid_t root = ::fork();
    if (root != 0)
        return root;
    ::close(hold[1]); // the test's alone: its closing is the release
    ::close(ready[0]);
    g_hold = hold[0];
    const pid_t forked = ::fork();
    if (forked == 0) {
        if (!touchOwnMemory(kForkBytes))
            ::_exit(1);
        report(ready[1], 'f', ::getpid());
        waitForRelease();
        ::_exit(0);
    }
    static char stack[64 * 1024]; // the root's own copy, after the fork
    if (forked < 0 || !touchOwnMemory(kRootBytes))
        ::_exit(1);
    const pid_t sharing = ::clone(sharingChild, stack + sizeof stack, CLONE_VM | SIGCHLD, nullptr);
    if (sharing < 0)
        ::_exit(1);
    report(ready[1], 's', sharing);
    waitForRelease();
    while (::waitpid(-1, nullptr, __WALL) > 0 || errno == EINTR) {
    }
    ::_exit(0);
}

qint64 smapsRollupKb(pid_t pid, const char *field)
{
    QFile file(QStringLiteral("/proc/%1/smaps_rollup").arg(pid));
    if (!file.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : file.readAll().split('\n')) {
        if (line.startsWith(field))
            return line.mid(qsizetype(std::strlen(field))).trimmed().split(' ').front().toLongLong();
    }
    return -1;
}

} // namespace

class TestUsageSampler : public QObject
{
    Q_OBJECT
private slots:
    void sharedMemoryCountsOnceOwnMemoryAdds();
};

void TestUsageSampler::sharedMemoryCountsOnceOwnMemoryAdds()
{
    int hold[2], ready[2];
    QVERIFY(::pipe2(hold, O_CLOEXEC) == 0 && ::pipe2(ready, O_CLOEXEC) == 0);
    const pid_t root = startTree(hold, ready);
    QVERIFY(root > 0);
    ::close(hold[0]);
    ::close(ready[1]);
    auto release = qScopeGuard([&] {
        ::close(hold[1]);
        ::waitpid(root, nullptr, 0);
    });
    // Two reports once the tree stands; end of file if any part of it failed (every writer gone).
    Report reports[2];
    size_t got = 0;
    for (ssize_t n = 1; got < sizeof reports && n > 0; got += size_t(std::max<ssize_t>(n, 0)))
        n = ::read(ready[0], reinterpret_cast<char *>(reports) + got, sizeof reports - got);
    QCOMPARE(got, sizeof reports);
    ::close(ready[0]);
    QVERIFY((reports[0].part == 'f') != (reports[1].part == 'f')); // one of each
    const pid_t forked = reports[0].part == 'f' ? reports[0].pid : reports[1].pid;

    ProcessUsageSampler sampler;
    const DomainUsage usage = sampler.sample({{7, {root}}}).value(7);
    const qint64 rootPss = smapsRollupKb(root, "Pss:");
    const qint64 rootRss = smapsRollupKb(root, "Rss:");
    const qint64 forkedPss = smapsRollupKb(forked, "Pss:");
    const qint64 forkedRss = smapsRollupKb(forked, "Rss:");
    QVERIFY2(rootPss > qint64(kRootBytes / 1024), qPrintable(QString::number(rootPss)));
    QVERIFY2(forkedPss > qint64(kForkBytes / 1024), qPrintable(QString::number(forkedPss)));

    QCOMPARE(usage.processes, 3);
    // Counted per process, the shared memory would be there twice: 2 x root + forked child.
    const auto near = [](qint64 value, qint64 expected) {
        return value > expected * 9 / 10 && value < expected * 11 / 10;
    };
    QVERIFY2(near(usage.pssKb, rootPss + forkedPss),
             qPrintable(QStringLiteral("PSS %1 KiB; root %2 KiB, forked child %3 KiB")
                            .arg(usage.pssKb)
                            .arg(rootPss)
                            .arg(forkedPss)));
    QVERIFY2(near(usage.rssKb, rootRss + forkedRss),
             qPrintable(QStringLiteral("RSS %1 KiB; root %2 KiB, forked child %3 KiB")
                            .arg(usage.rssKb)
                            .arg(rootRss)
                            .arg(forkedRss)));
}

QTEST_GUILESS_MAIN(TestUsageSampler)
#include "test_usage_sampler.moc"
