// xenstored killed while a console-side mirror and clonectl run: clonedeckd
// restarts it and publishes its state again; the mirror reconnects, resyncs
// with no stale or duplicate rows; a clonectl call waiting on the dead daemon
// fails clearly instead of hanging.
#include "ClusterMirror.h"
#include "PlatformFixture.h"
#include "PlatformGateway.h"
#include "TestEnvironment.h"
#include "XenstoreClient.h"

#include <QFile>
#include <QSignalSpy>
#include <QTest>

#include <csignal>

using namespace clonedeck;
using namespace clonedeck::test;

class TestFaultXenstoredRestart : public QObject
{
    Q_OBJECT
private slots:
    void mirrorAndClonectlSurviveARestart();
};

void TestFaultXenstoredRestart::mirrorAndClonectlSurviveARestart()
{
    PlatformFixture platform;
    PlatformFixture::Options options;
    options.hosts = QStringLiteral("host1:3:8192"); // master 1 + 2 clones fill it
    QString error = platform.start(options);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    const CommandResult rt =
        platform.clonectl({QStringLiteral("rt"), QStringLiteral("2"), QStringLiteral("1"),
                           QStringLiteral("64"), QStringLiteral("0")});
    QCOMPARE(rt.exitCode, 0);
    const QString ticket = QString::fromUtf8(rt.out).split(QLatin1Char(' '))[1];
    QCOMPARE(platform.clonectl({QStringLiteral("clone"), ticket}).exitCode, 0);

    PlatformGateway gateway;
    ClusterMirror mirror(&gateway);
    QSignalSpy loaded(&mirror, &ClusterMirror::loaded);
    QSignalSpy resynced(gateway.xenstore(), &XenstoreClient::resynced);
    QSignalSpy added(&mirror, &ClusterMirror::domainAdded);
    QSignalSpy removed(&mirror, &ClusterMirror::domainRemoved);
    gateway.open(platform.socketPath());
    mirror.start();
    QVERIFY(loaded.wait(10000));
    QCOMPARE(mirror.domains().size(), 3);
    added.clear();

    // A pending request (nothing fits) is in flight when the daemon dies.
    QProcess pending;
    pending.setProcessEnvironment(platform.environment(1));
    pending.start(binDir() + QStringLiteral("/clonectl"),
                  {QStringLiteral("rt"), QStringLiteral("1"), QStringLiteral("1"), QStringLiteral("64"),
                   QStringLiteral("60000")});
    QVERIFY(pending.waitForStarted());
    QTRY_VERIFY_WITH_TIMEOUT(platform.clonectl({QStringLiteral("tickets")}).out.contains(" pending "), 10000);

    QFile pidFile(platform.runDir() + QStringLiteral("/xenstore/xenstored.pid"));
    QVERIFY(pidFile.open(QIODevice::ReadOnly));
    const pid_t pid = pid_t(pidFile.readAll().trimmed().toInt());
    QVERIFY(pid > 0);
    QCOMPARE(::kill(pid, SIGKILL), 0);

    // The waiting clonectl fails with a clear error, well before its 60 s timeout.
    QVERIFY(pending.waitForFinished(15000));
    QVERIFY(pending.exitCode() != 0);
    QVERIFY2(!pending.readAllStandardError().isEmpty(), "it says why");

    // The mirror reconnects to the restarted daemon and ends up exactly where it was.
    QTRY_COMPARE_WITH_TIMEOUT(resynced.count(), 1, 15000);
    QTRY_COMPARE_WITH_TIMEOUT(gateway.state(), ConnectionState::Connected, 10000);
    QTRY_COMPARE_WITH_TIMEOUT(mirror.domains().size(), 3, 10000);
    QCOMPARE(added.count(), removed.count()); // nothing duplicated, nothing left stale
    // And the platform serves again.
    const CommandResult domains = platform.clonectl({QStringLiteral("domains")});
    QCOMPARE(domains.exitCode, 0);
    QCOMPARE(domains.out.count('\n'), 3);
    QCOMPARE(platform.clonectl({QStringLiteral("kill"), ticket}).exitCode, 0);
    QTRY_COMPARE_WITH_TIMEOUT(mirror.domains().size(), 1, 10000);
}

QTEST_GUILESS_MAIN(TestFaultXenstoredRestart)
#include "test_fault_xenstored_restart.moc"
