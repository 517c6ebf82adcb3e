// Fork-style clones of a running QEMU master against cold boots, on a real
// clonedeckd (--backend qemu): the master's pause during a capture, 1, 5 and 10
// clones from `clonectl clone` until every clone answers `ssh true` (stock
// OpenSSH, its own loopback forward), the proportional memory (PSS) of a clone,
// and — in the same run — 10 masters booting in parallel until all answer SSH.
// Under TCG always; under KVM too when KVM runs the guest here (else the reason
// is printed as a note).
#include "AcceleratorProbe.h"
#include "BenchSupport.h"
#include "QemuClusterFixture.h"
#include "TestEnvironment.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QRegularExpression>
#include <QTextStream>

#include <optional>

using namespace clonedeck;
using namespace clonedeck::bench;
using namespace clonedeck::test;

namespace {

constexpr int kGuestMemoryMb = 256;
constexpr int kBootTimeoutMs = 900000; // ten TCG guests booting at once on two busy cores

void note(const QString &text)
{
    QTextStream(stdout) << "note " << text << Qt::endl;
}

// The longest pause clonedeckd logged for a capture ("paused N ms").
double longestPause(const PlatformFixture &platform)
{
    QFile log(platform.runDir() + QStringLiteral("/clonedeckd.log"));
    if (!log.open(QIODevice::ReadOnly))
        return -1;
    static const QRegularExpression paused(QStringLiteral("paused (\\d+) ms for a capture"));
    double longest = -1;
    auto matches = paused.globalMatch(QString::fromUtf8(log.readAll()));
    while (matches.hasNext())
        longest = std::max(longest, matches.next().captured(1).toDouble());
    return longest;
}

// An A/B run (not `make bench`): CLONEDECK_BENCH_QEMU_CONFIG adds `key=value` lines to the [qemu]
// section, CLONEDECK_BENCH_QEMU_COUNTS (e.g. "10,10,10") replaces the rounds and skips the cold boots.
QString experimentConfig()
{
    const QString lines = qEnvironmentVariable("CLONEDECK_BENCH_QEMU_CONFIG");
    return lines.isEmpty() ? QString() : lines + QLatin1Char('\n');
}

std::optional<QList<int>> experimentCounts()
{
    const QString counts = qEnvironmentVariable("CLONEDECK_BENCH_QEMU_COUNTS");
    if (counts.isEmpty())
        return std::nullopt;
    QList<int> rounds;
    for (const QString &count : counts.split(QLatin1Char(',')))
        rounds.append(count.toInt());
    return rounds;
}

bool measureClones(const QString &accelerator, double &tenClonesMs)
{
    QemuClusterFixture cluster;
    QemuClusterFixture::Options options;
    options.accelerator = accelerator;
    options.masterMemoryMb = kGuestMemoryMb;
    options.bootTimeoutMs = kBootTimeoutMs;
    options.extraQemuConfig = experimentConfig();
    if (const QString failed = cluster.start(options); !failed.isEmpty()) {
        qCritical("%s", qPrintable(failed));
        return false;
    }
    const QString prefix = QStringLiteral("qemu_%1_").arg(accelerator);
    for (int count : experimentCounts().value_or(QList<int>{1, 5, 10})) {
        QElapsedTimer timer;
        timer.start();
        const auto clones = cluster.clone(count);
        if (!clones.error.isEmpty()) {
            qCritical("%s", qPrintable(clones.error));
            return false;
        }
        const qint64 cloned = timer.elapsed();
        const QList<int> codes = cluster.sshAll(clones.vms, QStringLiteral("true"));
        const double elapsed = double(timer.elapsed());
        // Where the time went: rt + clone + ltd (the clones answer the request once each has its own
        // address, its clock and its SSH banner), then the sessions.
        note(QStringLiteral("%1 clone(s): rt+clone+ltd %2 ms, then ssh true in every clone %3 ms")
                 .arg(count)
                 .arg(cloned)
                 .arg(qint64(elapsed) - cloned));
        if (codes.count(0) != count) {
            qCritical("not every clone answered SSH");
            return false;
        }
        figure(prefix + QStringLiteral("clone_%1_all_ssh").arg(count), elapsed, QStringLiteral("ms"));
        if (count == 10) {
            tenClonesMs = elapsed;
            double pss = 0;
            for (const auto &vm : clones.vms)
                pss += double(QemuClusterFixture::pssKiB(cluster.qemuProcess(vm.domid)));
            figure(prefix + QStringLiteral("clone_pss_percent"),
                   100.0 * pss / count / (kGuestMemoryMb * 1024.0), QStringLiteral("%"));
        }
        cluster.platform().clonectl({QStringLiteral("kill"), clones.ticket});
        runUntil([&] { return cluster.qemuProcesses().size() == 1; }, 60000);
    }
    figure(prefix + QStringLiteral("master_pause_max"), longestPause(cluster.platform()),
           QStringLiteral("ms"));
    return true;
}

bool measureColdBoots(const QString &accelerator, double tenClonesMs)
{
    QemuClusterFixture cluster;
    QemuClusterFixture::Options options;
    options.accelerator = accelerator;
    options.masterMemoryMb = kGuestMemoryMb;
    options.masters = 10;
    options.bootTimeoutMs = kBootTimeoutMs;
    QElapsedTimer timer;
    timer.start();
    if (const QString failed = cluster.start(options); !failed.isEmpty()) {
        qCritical("%s", qPrintable(failed));
        return false;
    }
    const double elapsed = double(timer.elapsed());
    const QString prefix = QStringLiteral("qemu_%1_").arg(accelerator);
    figure(prefix + QStringLiteral("cold_boot_10_all_ssh"), elapsed, QStringLiteral("ms"));
    figure(prefix + QStringLiteral("clone_10_speedup_vs_cold_boot"), elapsed / tenClonesMs,
           QStringLiteral("x"));
    return true;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QemuOptions probe;
    probe.imageDir =
        qEnvironmentVariable("CLONEDECK_GUEST_IMAGE_DIR", binDir() + QStringLiteral("/../guest-image"));
    const auto choice = AcceleratorProbe::choose(probe);
    QStringList accelerators{QStringLiteral("tcg")};
    if (choice && choice->accelerator == QLatin1String("kvm"))
        accelerators.append(QStringLiteral("kvm"));
    else
        note(QStringLiteral("KVM figures skipped: ") + (choice ? choice->reason : choice.error().toString()));
    QFile load(QStringLiteral("/proc/loadavg"));
    if (load.open(QIODevice::ReadOnly))
        note(QStringLiteral("load average at the start: ") + QString::fromLatin1(load.readAll().trimmed()));
    for (const QString &accelerator : std::as_const(accelerators)) {
        double tenClonesMs = 0;
        if (!measureClones(accelerator, tenClonesMs))
            return 1;
        if (experimentCounts())
            continue; // an A/B run of the clones alone
        if (!measureColdBoots(accelerator, tenClonesMs))
            return 1;
    }
    return 0;
}
