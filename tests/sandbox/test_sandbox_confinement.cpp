// Issue 11, finding 2: a sandbox VM's commands, reached over SSH as an agent reaches them,
// see their own directory and their own xenstore endpoint, and nothing of the platform's
// secrets (client key, journal, xenstored's privileged socket) or of other VMs; nothing
// they start outlives their session. Both ways clonedeckd runs: as root (a uid per VM) and
// as an ordinary user (user namespaces). A VM's one init (SandboxVmInit) that dies is a clear
// error for the next command, the VM recovers with a new one, and it ends with clonedeckd.
#include "PlatformFixture.h"
#include "VmShell.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTest>

#include <unistd.h>

using namespace clonedeck::test;

namespace {

constexpr int kUnprivilegedUid = 65534;

// One line per probe: "<label> open" or "<label> closed".
QString probeScript(const QString &runDir, qint64 daemonPid)
{
    return QStringLiteral(R"SH(R='%1'
check() { label=$1; shift; if "$@" >/dev/null 2>&1; then echo "$label open"; else echo "$label closed"; fi; }
check client-key cat "$R/client/id_ed25519"
check journal cat "$R/journal"
check other-vm-dir ls "$R/vms/1"
check other-vm-file cat "$R/vms/1/agent.sh"
check run-dir-secrets sh -c "ls -A '$R' | grep -qvxE 'vms|bridge'"
check xenstored-socket env XENSTORED_PATH="$R/xenstore/socket" clonectl domains
check daemon-root cat "/proc/%2/root$R/client/id_ed25519"
check other-endpoint test -e "$R/bridge/1.sock"
check own-endpoint sh -c 'test "$XENSTORED_PATH" = "$1/bridge/2.sock" && test -S "$XENSTORED_PATH"' - "$R"
check own-name getent passwd "$(id -u)"
check passwd-write sh -c 'echo x >>/etc/passwd'
check own-dir sh -c 'cat agent.sh >/dev/null && echo hello >mine && grep -qx hello "$HOME/mine"'
clonectl domains >/dev/null 2>&1
echo "uid $(id -u)"
setsid sh -c 'exec sleep 4242' </dev/null >/dev/null 2>&1 &
)SH")
        .arg(runDir)
        .arg(daemonPid);
}

// The master's one clone (domain 2), as a seed script would make it: empty, or why not.
QString cloneOnce(PlatformFixture &platform)
{
    const CommandResult granted =
        platform.clonectl({QStringLiteral("rt"), QStringLiteral("1"), QStringLiteral("1"),
                           QStringLiteral("64"), QStringLiteral("0")});
    if (granted.exitCode != 0)
        return QStringLiteral("rt: ") + QString::fromUtf8(granted.err);
    const CommandResult cloned =
        platform.clonectl({QStringLiteral("clone"), QString::fromUtf8(granted.out).split(' ')[1]});
    return cloned.exitCode == 0 ? QString() : QStringLiteral("clone: ") + QString::fromUtf8(cloned.err);
}
} // namespace

class TestSandboxConfinement : public QObject
{
    Q_OBJECT
private slots:
    void vmSeesOnlyItsOwn_data();
    void vmSeesOnlyItsOwn();
    void killedInitIsAClearErrorThenReplaced();
    void aCutShortIdentityIsWrittenAgain();
};

void TestSandboxConfinement::vmSeesOnlyItsOwn_data()
{
    QTest::addColumn<int>("runAsUid");
    QTest::newRow("root: a uid per VM") << -1;
    QTest::newRow("unprivileged: user namespaces") << kUnprivilegedUid;
}

void TestSandboxConfinement::vmSeesOnlyItsOwn()
{
    QFETCH(int, runAsUid);
    PlatformFixture platform;
    PlatformFixture::Options options;
    options.runAsUid = runAsUid;
    const QString error = platform.start(options);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    const QString cloned = cloneOnce(platform);
    QVERIFY2(cloned.isEmpty(), qPrintable(cloned));

    const auto vmUid = [&](int domid) { return runAsUid >= 0 ? runAsUid : int(0x70000000u + uint(domid)); };

    VmShell shell(platform);
    const CommandResult probed = shell.run(2, probeScript(platform.runDir(), platform.pid()));
    QVERIFY2(probed.exitCode == 0, probed.err.constData());
    const QString report = QString::fromUtf8(probed.out);
    for (const char *secret : {"client-key", "journal", "other-vm-dir", "other-vm-file", "run-dir-secrets",
                               "xenstored-socket", "daemon-root", "other-endpoint", "passwd-write"})
        QVERIFY2(report.contains(QLatin1String(secret) + QStringLiteral(" closed\n")),
                 qPrintable(QLatin1String(secret) + QStringLiteral(" is reachable:\n") + report));
    for (const char *own : {"own-dir", "own-endpoint", "own-name"})
        QVERIFY2(report.contains(QLatin1String(own) + QStringLiteral(" open\n")), qPrintable(report));
    QVERIFY2(report.contains(QStringLiteral("uid %1\n").arg(uint(vmUid(2)))), qPrintable(report));
    // What the session started, however detached, ended with it.
    QTRY_VERIFY_WITH_TIMEOUT(platform.run(QStringLiteral("pgrep"),
                                          {QStringLiteral("-f"), QStringLiteral("sleep 4242")},
                                          platform.environment())
                                     .exitCode == 1,
                             10000);
}

namespace {
// The init of the VM whose commands ran: clonedeckd's one clonedeck-vm-init child.
QString vmInitPid(const PlatformFixture &platform)
{
    const CommandResult found = platform.run(QStringLiteral("pgrep"),
                                             {QStringLiteral("-P"), QString::number(platform.pid()),
                                              QStringLiteral("-x"), QStringLiteral("clonedeck-vm-in")},
                                             platform.environment());
    return QString::fromUtf8(found.out).trimmed();
}
} // namespace

void TestSandboxConfinement::killedInitIsAClearErrorThenReplaced()
{
    PlatformFixture platform;
    QVERIFY2(platform.start().isEmpty(), "clonedeckd did not start");
    const QString cloned = cloneOnce(platform);
    QVERIFY2(cloned.isEmpty(), qPrintable(cloned));
    VmShell shell(platform);
    QCOMPARE(shell.run(2, QStringLiteral("true")).exitCode, 0);
    const QString first = vmInitPid(platform);
    QVERIFY2(first.toInt() > 0, qPrintable(first));
    // A long command of the VM ends with its init.
    QProcess running;
    running.start(QStringLiteral("ssh"), shell.sshArguments(2, QStringLiteral("echo up; exec sleep 600")));
    QVERIFY(running.waitForReadyRead(30000));
    QCOMPARE(platform.run(QStringLiteral("kill"), {QStringLiteral("-KILL"), first}, platform.environment())
                 .exitCode,
             0);
    QVERIFY(running.waitForFinished(30000));
    QVERIFY(running.exitCode() != 0);

    const CommandResult failed = shell.run(2, QStringLiteral("echo never"));
    QCOMPARE(failed.exitCode, 255);
    QVERIFY(!failed.out.contains("never"));
    QVERIFY2(failed.err.contains(
                 QStringLiteral("the VM's init (pid %1) has ended (killed by signal 9").arg(first).toUtf8()),
             failed.err.constData());
    const CommandResult recovered = shell.run(2, QStringLiteral("echo back"));
    QCOMPARE(recovered.exitCode, 0);
    QCOMPARE(recovered.out, QByteArray("back\n"));
    const QString second = vmInitPid(platform);
    QVERIFY2(second.toInt() > 0 && second != first, qPrintable(second));
    // clonedeckd gone, as in a crash: its socket closes and the init, with the whole VM, ends.
    platform.killHard();
    const auto ended = [&] { // gone, or a zombie its new parent has not reaped yet
        QFile stat(QStringLiteral("/proc/%1/stat").arg(second));
        return !stat.open(QIODevice::ReadOnly) || stat.readAll().contains(") Z ");
    };
    QTRY_VERIFY_WITH_TIMEOUT(ended(), 10000);
}

// A VM's passwd file is written without a sync: what a crash can leave of it (the file, its
// content not yet written out) must not leave the VM without a name.
void TestSandboxConfinement::aCutShortIdentityIsWrittenAgain()
{
    if (::geteuid() != 0)
        QSKIP("a uid of its own per VM, and so its passwd entry, needs clonedeckd as root");
    PlatformFixture platform;
    QVERIFY2(platform.start().isEmpty(), "clonedeckd did not start");
    const QString cloned = cloneOnce(platform);
    QVERIFY2(cloned.isEmpty(), qPrintable(cloned));
    QVERIFY(QDir().mkpath(platform.runDir() + QStringLiteral("/identities")));
    QFile cutShort(platform.runDir() + QStringLiteral("/identities/2.passwd"));
    QVERIFY(cutShort.open(QIODevice::WriteOnly));
    cutShort.close();
    const CommandResult named = VmShell(platform).run(2, QStringLiteral("getent passwd \"$(id -u)\""));
    QVERIFY2(named.exitCode == 0 && named.out.startsWith("vm2:x:"), named.out + named.err);
}

QTEST_GUILESS_MAIN(TestSandboxConfinement)
#include "test_sandbox_confinement.moc"
