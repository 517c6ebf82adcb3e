// Issue 15.6, recovery: a console attaches to the clonedeckd already serving its run
// directory (in process, and the shipped binary); SIGTERM makes the shipped console quit
// within 5 s, leaving that platform running when told to keep it and stopping it
// otherwise; a clonedeckd that cannot start is reported with its own reason and advice.
#include "ClusterMirror.h"
#include "ConsoleCore.h"
#include "EmbeddedPlatformProcess.h"
#include "PlatformFixture.h"
#include "RunDirectoryLock.h"
#include "TestEnvironment.h"

#include <QDir>
#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace clonedeck;
using namespace clonedeck::test;

class TestConsoleRecovery : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void attachesToTheRunningPlatform();
    void sigtermQuitsKeepingOrStoppingThePlatform();
    void failureSaysWhyAndWhatToDo();

private:
    // The shipped console on runDir, its preferences in a directory of its own.
    std::unique_ptr<QProcess> startConsole(const QString &runDir, const QStringList &extra = {});
    static bool waitForOutput(QProcess &process, QByteArray &output, const QByteArray &wanted, int timeoutMs);

    QTemporaryDir m_home;
    PlatformFixture m_platform;
};

void TestConsoleRecovery::initTestCase()
{
    QVERIFY2(m_platform.start().isEmpty(), "clonedeckd did not start");
    // It names itself in its run directory's lock once it serves: what a console looks for.
    const auto holder = RunDirectoryLock::inspect(m_platform.runDir());
    QVERIFY(holder);
    QCOMPARE(holder->pid, m_platform.pid());
    QCOMPARE(holder->socketPath, m_platform.socketPath());
}

void TestConsoleRecovery::attachesToTheRunningPlatform()
{
    auto core = std::make_unique<ConsoleCore>(m_home.path());
    QSignalSpy ready(core.get(), &ConsoleCore::ready);
    QSignalSpy failed(core.get(), &ConsoleCore::failed);
    core->startEmbedded(m_platform.runDir());
    QVERIFY(ready.wait(15000));
    QCOMPARE(failed.count(), 0);
    QCOMPARE(core->embeddedPlatform()->origin(), EmbeddedPlatformProcess::Origin::Attached);
    QCOMPARE(core->embeddedPlatform()->pid(), m_platform.pid());
    QVERIFY(core->mirror()->domains().contains(1)); // the platform's master, read through its socket
    core->setKeepPlatformRunning(true);
    core.reset();
    QVERIFY(m_platform.isRunning()); // kept
}

std::unique_ptr<QProcess> TestConsoleRecovery::startConsole(const QString &runDir, const QStringList &extra)
{
    auto console = std::make_unique<QProcess>();
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_home.path() + QStringLiteral("/config"));
    env.insert(QStringLiteral("XDG_DATA_HOME"), m_home.path() + QStringLiteral("/data"));
    console->setProcessEnvironment(env);
    console->setProcessChannelMode(QProcess::MergedChannels); // its log (stderr) is what the test reads
    console->start(binDir() + QStringLiteral("/clonedeck"),
                   QStringList{QStringLiteral("--embedded"), QStringLiteral("--run-dir"), runDir} + extra);
    return console;
}

bool TestConsoleRecovery::waitForOutput(QProcess &process, QByteArray &output, const QByteArray &wanted,
                                        int timeoutMs)
{
    QElapsedTimer waited;
    waited.start();
    while (!output.contains(wanted) && waited.elapsed() < timeoutMs &&
           process.state() != QProcess::NotRunning) {
        process.waitForReadyRead(int(std::max<qint64>(1, timeoutMs - waited.elapsed())));
        output += process.readAll();
    }
    output += process.readAll();
    return output.contains(wanted);
}

void TestConsoleRecovery::sigtermQuitsKeepingOrStoppingThePlatform()
{
    QVERIFY(m_platform.isRunning());
    for (const bool keep : {true, false}) {
        auto console = startConsole(m_platform.runDir(),
                                    keep ? QStringList{QStringLiteral("--keep-platform")} : QStringList{});
        QByteArray output;
        QVERIFY2(waitForOutput(*console, output, "console ready", 30000), output.constData());
        QVERIFY2(output.contains("attaching to it"), output.constData());
        QElapsedTimer quitting;
        quitting.start();
        console->terminate(); // SIGTERM
        QVERIFY2(console->waitForFinished(5000), "the console did not quit within 5 s of SIGTERM");
        qInfo("keep=%d: the console quit %lld ms after SIGTERM", keep, quitting.elapsed());
        QCOMPARE(console->exitStatus(), QProcess::NormalExit);
        QCOMPARE(console->exitCode(), 0);
        if (keep) {
            QVERIFY(RunDirectoryLock::inspect(m_platform.runDir()));
            QVERIFY(m_platform.isRunning());
        } else {
            // Stopped before the console returned: the lock is free at once.
            QVERIFY(!RunDirectoryLock::inspect(m_platform.runDir()));
            QTRY_VERIFY_WITH_TIMEOUT(!m_platform.isRunning(), 5000);
        }
    }
}

void TestConsoleRecovery::failureSaysWhyAndWhatToDo()
{
    // A run directory others may read: clonedeckd refuses it, and the console says why and what to do.
    QTemporaryDir dir;
    const QString runDir = dir.path() + QStringLiteral("/run");
    QVERIFY(QDir().mkdir(runDir));
    QVERIFY(QFile::setPermissions(runDir, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner |
                                              QFile::ReadGroup | QFile::ExeGroup | QFile::ReadOther |
                                              QFile::ExeOther));
    auto console = startConsole(runDir);
    QByteArray output;
    QVERIFY2(waitForOutput(*console, output, "embedded platform:", 30000), output.constData());
    waitForOutput(*console, output, "\n", 2000);
    const QByteArray line = output.mid(output.indexOf("embedded platform:")).split('\n').first();
    QVERIFY2(line.contains("has mode 0755"), line.constData());     // clonedeckd's own reason
    QVERIFY2(line.contains("private directory"), line.constData()); // and what to do
    console->terminate(); // the failure dialog is open: SIGTERM still quits
    QVERIFY(console->waitForFinished(5000));
}

QTEST_MAIN(TestConsoleRecovery)
#include "test_console_recovery.moc"
