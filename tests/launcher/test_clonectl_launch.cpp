// `clonectl launch` as a CI server uses it: a pipe to the agent that carries
// 50 MB byte for byte, the agent's exit status as its own, and SIGTERM tearing
// everything down.
#include "PlatformFixture.h"
#include "TestEnvironment.h"

#include <QCryptographicHash>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

using namespace clonedeck::test;

class TestClonectlLaunch : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();
    void pipeCarries50MegabytesIntact();
    void exitStatusMirrorsAgent();
    void sigtermTearsDown();

private:
    QStringList launchArgs(const QStringList &command) const;
    int liveClones() const;

    PlatformFixture m_platform;
    QTemporaryDir m_home;
};

void TestClonectlLaunch::initTestCase()
{
    const QString error = m_platform.start();
    QVERIFY2(error.isEmpty(), qPrintable(error));
}

void TestClonectlLaunch::cleanupTestCase()
{
    m_platform.stop();
}

QStringList TestClonectlLaunch::launchArgs(const QStringList &command) const
{
    return QStringList{QStringLiteral("launch"),
                       QStringLiteral("--pins"),
                       m_home.path() + QStringLiteral("/pins.ini"),
                       QStringLiteral("--log-file"),
                       m_home.path() + QStringLiteral("/launch.log"),
                       QStringLiteral("--")} +
           command;
}

int TestClonectlLaunch::liveClones() const
{
    const CommandResult domains = m_platform.clonectl({QStringLiteral("domains")});
    return domains.exitCode == 0 ? int(domains.out.count('\n')) - 1 : -1;
}

void TestClonectlLaunch::pipeCarries50MegabytesIntact()
{
    QByteArray input(50 * 1024 * 1024, Qt::Uninitialized);
    QRandomGenerator generator(42);
    generator.fillRange(reinterpret_cast<quint32 *>(input.data()), input.size() / 4);
    const CommandResult result =
        m_platform.run(binDir() + QStringLiteral("/clonectl"), launchArgs({QStringLiteral("cat")}),
                       m_platform.environment(1), input, 180000);
    QVERIFY2(result.finished && result.exitCode == 0, result.err.right(2000).constData());
    QCOMPARE(result.out.size(), input.size());
    QCOMPARE(QCryptographicHash::hash(result.out, QCryptographicHash::Sha256),
             QCryptographicHash::hash(input, QCryptographicHash::Sha256));
    QTRY_COMPARE_WITH_TIMEOUT(liveClones(), 0, 10000);
}

void TestClonectlLaunch::exitStatusMirrorsAgent()
{
    const CommandResult result =
        m_platform.run(binDir() + QStringLiteral("/clonectl"),
                       launchArgs({QStringLiteral("sh"), QStringLiteral("-c"),
                                   QStringLiteral("echo out; echo err >&2; exit 7")}),
                       m_platform.environment(1));
    QCOMPARE(result.exitCode, 7);
    QCOMPARE(result.out, QByteArray("out\n")); // stdout carries the agent's output and nothing else
    QVERIFY(result.err.contains("err\n"));
    QTRY_COMPARE_WITH_TIMEOUT(liveClones(), 0, 10000);
}

void TestClonectlLaunch::sigtermTearsDown()
{
    QProcess launch;
    launch.setProcessEnvironment(m_platform.environment(1));
    launch.start(binDir() + QStringLiteral("/clonectl"),
                 launchArgs({QStringLiteral("sh"), QStringLiteral("-c"),
                             QStringLiteral("echo ready; exec sleep 1717")}));
    QVERIFY(launch.waitForStarted());
    launch.setReadChannel(QProcess::StandardOutput);
    QByteArray seen;
    QTRY_VERIFY_WITH_TIMEOUT((seen += launch.readAllStandardOutput()).contains("ready"), 60000);
    QCOMPARE(liveClones(), 1);
    launch.terminate();
    QVERIFY(launch.waitForFinished(30000));
    QCOMPARE(launch.exitCode(), 128 + SIGTERM);
    QTRY_COMPARE_WITH_TIMEOUT(liveClones(), 0, 10000);
    // Nothing of the agent is left running (after its exec, a sleep with a duration no other
    // test uses: the suite runs tests in parallel).
    const CommandResult pgrep = m_platform.run(
        QStringLiteral("pgrep"), {QStringLiteral("-x"), QStringLiteral("-f"), QStringLiteral("sleep 1717")},
        m_platform.environment());
    QVERIFY2(pgrep.exitCode == 1, pgrep.out.constData());
}

QTEST_GUILESS_MAIN(TestClonectlLaunch)
#include "test_clonectl_launch.moc"
