// The run directory's disk full, for real: a 4 MB tmpfs filled to the last
// byte. Requests fail with ENOSPC and a clear message, nothing is half-created
// (no ticket, no VM directory), reads are served, and once space returns the
// platform serves again. And its file system turned read-only under it, for
// real: an ext4 image on a loop device whose error (ext4's trigger_fs_error,
// mounted errors=remount-ro) makes it read-only: EROFS, reads served, nothing
// committed lost.
#include "PlatformFixture.h"
#include "TestEnvironment.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <cstring>
#include <sched.h>
#include <sys/mount.h>
#include <unistd.h>

using namespace clonedeck::test;

class TestFaultDiskFull : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void fullDiskFailsCleanly();
    void readOnlyFileSystemFailsCleanly();
};

namespace {

QString firstLine(const QByteArray &text)
{
    return QString::fromUtf8(text.left(text.indexOf('\n')));
}

bool runs(const QString &program, const QStringList &args)
{
    QProcess process;
    process.start(program, args);
    return process.waitForFinished(30000) && process.exitStatus() == QProcess::NormalExit &&
           process.exitCode() == 0;
}

} // namespace

void TestFaultDiskFull::initTestCase()
{
    // This test's mounts in a mount namespace of its own (its children, clonedeckd among them,
    // inherit it). A sandbox VM command of a test running beside this one has a mount namespace
    // that copies every mount made before it started; on a host whose mounts are private
    // (no systemd) an unmount here does not reach that copy, so it held the ext4 image's
    // read-only superblock, and mounting the image again after the fsck got that superblock
    // back: "clonedeckd did not start: Read-only file system".
    // Where root may not make one, the tests run in the host's (a mount they cannot make skips).
    if (::geteuid() == 0 &&
        (::unshare(CLONE_NEWNS) != 0 || ::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0))
        qWarning("no mount namespace of its own (%s): its mounts are the host's", strerror(errno));
}

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
    // Reads are served from what is committed.
    const CommandResult history = platform.clonectl({QStringLiteral("history"), ticket});
    QVERIFY2(history.exitCode == 0, history.err.constData());
    QVERIFY(firstLine(history.out).endsWith(QStringLiteral(" granted")));

    // Space returns: the same requests work.
    QVERIFY(QFile::remove(mountPoint.path() + QStringLiteral("/filler")));
    QCOMPARE(platform.clonectl({QStringLiteral("clone"), ticket}).exitCode, 0);
    platform.stop();
}

void TestFaultDiskFull::readOnlyFileSystemFailsCleanly()
{
    QTemporaryDir work;
    const QString image = work.filePath(QStringLiteral("disk.img"));
    const QString mountPoint = work.filePath(QStringLiteral("mnt"));
    QVERIFY(QDir().mkpath(mountPoint));
    auto mountImage = [&] {
        return runs(QStringLiteral("mount"),
                    {QStringLiteral("-o"), QStringLiteral("loop,errors=remount-ro"), image, mountPoint});
    };
    if (::geteuid() != 0 ||
        !runs(QStringLiteral("truncate"), {QStringLiteral("-s"), QStringLiteral("32M"), image}) ||
        !runs(QStringLiteral("mkfs.ext4"), {QStringLiteral("-q"), QStringLiteral("-F"), image}) ||
        !mountImage())
        QSKIP("needs root and a loop device to mount an ext4 image");
    struct Unmount
    {
        QString path;
        ~Unmount() { ::umount2(QFile::encodeName(path).constData(), MNT_DETACH); }
    } unmount{mountPoint};
    // The kernel's name of the file system: /sys/fs/ext4/<loopN>/trigger_fs_error.
    QString device;
    QFile mounts(QStringLiteral("/proc/self/mounts"));
    QVERIFY(mounts.open(QIODevice::ReadOnly));
    for (const QByteArray &line : mounts.readAll().split('\n')) {
        if (line.split(' ').value(1) == QFile::encodeName(mountPoint))
            device = QFileInfo(QString::fromUtf8(line.split(' ').value(0))).fileName();
    }
    QFile trigger(QStringLiteral("/sys/fs/ext4/%1/trigger_fs_error").arg(device));
    if (device.isEmpty() || !trigger.exists())
        QSKIP("this kernel cannot turn an ext4 file system read-only on demand");

    qputenv("TMPDIR", QFile::encodeName(mountPoint));
    PlatformFixture platform;
    qunsetenv("TMPDIR");
    QString error = platform.start();
    QVERIFY2(error.isEmpty(), qPrintable(error));
    auto requestTicket = [&] {
        return platform.clonectl({QStringLiteral("rt"), QStringLiteral("1"), QStringLiteral("1"),
                                  QStringLiteral("64"), QStringLiteral("0")});
    };
    const CommandResult granted = requestTicket();
    QCOMPARE(granted.exitCode, 0);
    const QString ticket = QString::fromUtf8(granted.out).split(QLatin1Char(' '))[1];
    const QByteArray ticketsBefore = platform.clonectl({QStringLiteral("tickets")}).out;

    QVERIFY(trigger.open(QIODevice::WriteOnly));
    QVERIFY(trigger.write("1") == 1);
    trigger.close();
    const CommandResult refused = requestTicket();
    QVERIFY(refused.exitCode != 0);
    QVERIFY2(refused.err.contains("EROFS"), refused.err.constData());
    QCOMPARE(platform.clonectl({QStringLiteral("tickets")}).out, ticketsBefore);
    QCOMPARE(platform.clonectl({QStringLiteral("history"), ticket}).exitCode, 0);

    // Nothing committed is lost: checked and mounted again, the platform has the ticket.
    platform.stop(); // it stops xenstored too: nothing holds the file system after this
    QVERIFY2(::umount2(QFile::encodeName(mountPoint).constData(), 0) == 0, strerror(errno));
    runs(QStringLiteral("e2fsck"),
         {QStringLiteral("-f"), QStringLiteral("-y"), image}); // exit 1: it fixed things
    QVERIFY(mountImage());
    error = platform.restart();
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(platform.clonectl({QStringLiteral("ltd"), ticket}).exitCode, 0);
    QCOMPARE(platform.clonectl({QStringLiteral("tickets")}).out, ticketsBefore);
    platform.stop();
}

QTEST_GUILESS_MAIN(TestFaultDiskFull)
#include "test_fault_disk_full.moc"
