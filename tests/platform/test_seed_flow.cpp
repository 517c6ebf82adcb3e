// The seed's reference flow as a shell script over real processes: clonectl
// against a real clonedeckd, and stock OpenSSH reaching the clone.
#include "PlatformFixture.h"
#include "TestEnvironment.h"

#include <QFile>
#include <QTest>

using namespace clonedeck::test;

class TestSeedFlow : public QObject
{
    Q_OBJECT
private slots:
    void seedFlowRunsUnchanged();
};

void TestSeedFlow::seedFlowRunsUnchanged()
{
    PlatformFixture platform;
    const QString error = platform.start();
    QVERIFY2(error.isEmpty(), qPrintable(error));

    // Pin the master's host key for OpenSSH under one alias: clones must present it.
    const CommandResult publicKey =
        platform.run(QStringLiteral("ssh-keygen"),
                     {QStringLiteral("-y"), QStringLiteral("-f"),
                      platform.vmDirectory(1) + QStringLiteral("/.clonedeck/ssh_host_ed25519_key")},
                     platform.environment());
    QCOMPARE(publicKey.exitCode, 0);
    const QString knownHosts = platform.runDir() + QStringLiteral("/known_hosts");
    QFile file(knownHosts);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("clonedeck-master " + publicKey.out);
    file.close();

    QProcessEnvironment env = platform.environment(1);
    env.insert(QStringLiteral("CLIENT_KEY"), platform.clientKey());
    env.insert(QStringLiteral("KNOWN_HOSTS"), knownHosts);
    const CommandResult flow =
        platform.run(QStringLiteral("/bin/sh"),
                     {sourceDir() + QStringLiteral("/tests/platform/seed_flow.sh")}, env, {}, 120000);
    QVERIFY2(flow.exitCode == 0, flow.err.constData());
    QVERIFY2(flow.out.contains("built seed"),
             flow.out.constData()); // the demo agent answered over stdin/stdout
    QVERIFY(flow.out.contains("clone-ip " + platform.addressBase().section(QLatin1Char('.'), 0, 1).toUtf8()));

    // The clone joined: it disappears from the platform, its ticket is released, its disk is gone.
    QTRY_VERIFY_WITH_TIMEOUT(platform.clonectl({QStringLiteral("domains")}).out.count('\n') == 1, 10000);
    const CommandResult tickets = platform.clonectl({QStringLiteral("tickets")});
    QVERIFY2(tickets.out.contains(" released "), tickets.out.constData());
    QVERIFY(!QFile::exists(platform.vmDirectory(2)));
}

QTEST_GUILESS_MAIN(TestSeedFlow)
#include "test_seed_flow.moc"
