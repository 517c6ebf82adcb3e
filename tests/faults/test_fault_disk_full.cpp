// The run directory's disk full, for real: a 4 MB tmpfs filled to the last
// byte. Requests fail with ENOSPC and a clear message, nothing is half-created
// (no ticket, no VM directory), and once space returns the platform serves again.
#include "PlatformFixture.h"
#include "TestEnvironment.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <sys/mount.h>
#include <unistd.h>

using namespace clonedeck::test;

class TestFaultDiskFull : public QObject
{
    Q_OBJECT
private slots:
    void fullDiskFailsCleanly();
};

void TestFaultDiskFull::fullDiskFailsCleanly()
{
    QTemporaryDir mountPoint;
    if (::geteuid() != 0 ||
        ::mount("tmpfs", QFile::encodeName(mountPoint.path()).constData(), "tmpfs", 0, "size=4m") != 0)
        QSKIP("needs root to mount a small tmpfs; the journal's ENOSPC path is unit-tested in "
              "test_platform_units");
    struct Unmount
    {
        QString path;
        ~Unmount() { ::umount2(QFile::encodeName(path).constData(), MNT_DETACH); }
    } unmount{mountPoint.path()};

    // The platform's run directory lives on the small disk.
    qputenv("TMPDIR", QFile::encodeName(mountPoint.path()));
    PlatformFixture platform;
    qunsetenv("TMPDIR");
    QVERIFY(platform.runDir().startsWith(mountPoint.path()));
    const QString error = platform.start();
    QVERIFY2(error.isEmpty(), qPrintable(error));
    const CommandResult granted =
        platform.clonectl({QStringLiteral("rt"), QStringLiteral("1"), QStringLiteral("1"),
                           QStringLiteral("64"), QStringLiteral("0")});
    QCOMPARE(granted.exitCode, 0);
    const QString ticket = QString::fromUtf8(granted.out).split(QLatin1Char(' '))[1];
    const QStringList vmsBefore =
        QDir(platform.runDir() + QStringLiteral("/vms")).entryList(QDir::Dirs | QDir::NoDotAndDotDot);

    // Fill the disk.
    QFile filler(mountPoint.path() + QStringLiteral("/filler"));
    QVERIFY(filler.open(QIODevice::WriteOnly));
    const QByteArray block(64 * 1024, 'x');
    while (filler.write(block) == block.size() && filler.flush()) {
    }
    QByteArray tail(1, 'x');
    while (filler.write(tail) == 1 && filler.flush()) {
    }
    filler.close();

    // The journal's last page may still hold a few records: ask until the disk says no. Every
    // answer is either a whole success or a clean ENOSPC.
    CommandResult rt;
    QByteArray ticketsBeforeFailure;
    for (int attempt = 0; attempt < 200; ++attempt) {
        ticketsBeforeFailure = platform.clonectl({QStringLiteral("tickets")}).out;
        rt = platform.clonectl({QStringLiteral("rt"), QStringLiteral("1"), QStringLiteral("1"),
                                QStringLiteral("64"), QStringLiteral("0")});
        if (rt.exitCode != 0)
            break;
        platform.clonectl({QStringLiteral("release"), QString::fromUtf8(rt.out).split(QLatin1Char(' '))[1]});
    }
    QVERIFY(rt.exitCode != 0);
    QVERIFY2(rt.err.contains("ENOSPC"), rt.err.constData());
    QCOMPARE(platform.clonectl({QStringLiteral("tickets")}).out, ticketsBeforeFailure); // no half-made ticket
    const QByteArray ticketsBefore = ticketsBeforeFailure;
    const CommandResult clone = platform.clonectl({QStringLiteral("clone"), ticket});
    QVERIFY(clone.exitCode != 0);
    QVERIFY2(clone.err.contains("ENOSPC"), clone.err.constData());
    QCOMPARE(platform.clonectl({QStringLiteral("tickets")}).out, ticketsBefore); // nothing half-created
    QCOMPARE(QDir(platform.runDir() + QStringLiteral("/vms")).entryList(QDir::Dirs | QDir::NoDotAndDotDot),
             vmsBefore);

    // Space returns: the same requests work.
    QVERIFY(QFile::remove(mountPoint.path() + QStringLiteral("/filler")));
    QCOMPARE(platform.clonectl({QStringLiteral("clone"), ticket}).exitCode, 0);
    platform.stop();
}

QTEST_GUILESS_MAIN(TestFaultDiskFull)
#include "test_fault_disk_full.moc"
