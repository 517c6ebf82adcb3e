// Debian's real xenstored under the hypervisor stub: it answers libxenstore and
// Debian's xenstore-utils, stops without leftovers, and fails clearly.
#include "TestEnvironment.h"
#include "XenstoreConnection.h"
#include "XenstoredProcess.h"

#include <QFileInfo>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

using namespace clonedeck;

namespace {
QProcessEnvironment toolEnvironment(const QString &socket)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("XENSTORED_PATH"), socket);
    return env;
}

QByteArray runTool(const QString &socket, const QString &tool, const QStringList &args,
                   int *exitCode = nullptr)
{
    QProcess process;
    process.setProcessEnvironment(toolEnvironment(socket));
    process.start(tool, args);
    process.waitForFinished(10000);
    if (exitCode)
        *exitCode = process.exitCode();
    return process.readAllStandardOutput();
}
} // namespace

class TestXenstoredProcess : public QObject
{
    Q_OBJECT
private slots:
    void startsAnswersAndStopsClean();
    void interoperatesWithXenstoreUtils();
    void missingBinaryIsExplained();
    void missingStubIsExplained();
    void deathIsDetected();
};

void TestXenstoredProcess::startsAnswersAndStopsClean()
{
    QTemporaryDir dir;
    XenstoredProcess xenstored({dir.path(), {}, {}, true, true, 5000});
    const Status started = xenstored.start();
    QVERIFY2(started.ok(), started.ok() ? "" : qPrintable(started.error().toString()));
    QVERIFY(xenstored.isRunning());
    QVERIFY(xenstored.startupMilliseconds() >= 0);
    const qint64 pid = xenstored.pid();

    auto connection = XenstoreConnection::open(xenstored.socketPath());
    QVERIFY(connection.ok());
    QVERIFY((*connection)->write(QStringLiteral("/test/a"), "value").ok());
    QCOMPARE((*connection)->read(QStringLiteral("/test/a")).value(), QByteArray("value"));
    connection = Error{};
    QVERIFY(QFileInfo::exists(dir.path() + QStringLiteral("/xenstored.trace"))); // -T honoured

    QVERIFY(xenstored.stop().ok());
    QVERIFY(!xenstored.isRunning());
    QVERIFY(!QFileInfo::exists(xenstored.socketPath()));
    QVERIFY2(::kill(pid_t(pid), 0) != 0, "the daemon process is gone");
}

void TestXenstoredProcess::interoperatesWithXenstoreUtils()
{
    QTemporaryDir dir;
    XenstoredProcess xenstored({dir.path(), {}, {}, false, true, 5000});
    QVERIFY(xenstored.start().ok());
    const QString socket = xenstored.socketPath();
    int exitCode = -1;
    runTool(socket, QStringLiteral("xenstore-write"),
            {QStringLiteral("/interop/x"), QStringLiteral("from-utils")}, &exitCode);
    QCOMPARE(exitCode, 0);
    QCOMPARE(runTool(socket, QStringLiteral("xenstore-read"), {QStringLiteral("/interop/x")}),
             QByteArray("from-utils\n"));
    runTool(socket, QStringLiteral("xenstore-chmod"),
            {QStringLiteral("/interop/x"), QStringLiteral("n0"), QStringLiteral("r5")}, &exitCode);
    QCOMPARE(exitCode, 0);
    const QByteArray listing =
        runTool(socket, QStringLiteral("xenstore-ls"), {QStringLiteral("-p"), QStringLiteral("/interop")});
    QVERIFY2(listing.contains("x = \"from-utils\"  . . . . (n0,r5)") || listing.contains("(n0,r5)"),
             listing.constData());
}

void TestXenstoredProcess::missingBinaryIsExplained()
{
    QTemporaryDir dir;
    XenstoredProcess xenstored({dir.path(), QStringLiteral("/nonexistent/xenstored"), {}, false, true, 5000});
    const Status started = xenstored.start();
    QVERIFY(!started.ok());
    QCOMPARE(started.error().code, ENOENT);
    QVERIFY2(started.error().message.contains(QLatin1String("xen-utils-4.17")),
             qPrintable(started.error().toString()));
    QVERIFY(!xenstored.isRunning());
}

void TestXenstoredProcess::missingStubIsExplained()
{
    QTemporaryDir dir;
    XenstoredProcess missing({dir.path(), {}, dir.path() + QStringLiteral("/no-stub.so"), false, true, 2000});
    const Status started = missing.start();
    QVERIFY(!started.ok());
    QCOMPARE(started.error().code, ENOENT);
    QVERIFY(started.error().message.contains(QLatin1String("stub")));

    // A stub that is not a library: the loader ignores it, xenstored finds no hypervisor and
    // exits; start() must say so with the daemon's own words, not hang or pretend.
    QFile junk(dir.path() + QStringLiteral("/junk.so"));
    QVERIFY(junk.open(QIODevice::WriteOnly));
    junk.write("not an ELF file");
    junk.close();
    XenstoredProcess broken({dir.path() + QStringLiteral("/run"), {}, junk.fileName(), false, true, 3000});
    const Status failed = broken.start();
    QVERIFY(!failed.ok());
    QVERIFY2(!failed.error().message.isEmpty(), "the error explains itself");
    QVERIFY(!broken.isRunning());
}

void TestXenstoredProcess::deathIsDetected()
{
    QTemporaryDir dir;
    XenstoredProcess xenstored({dir.path(), {}, {}, false, true, 5000});
    QVERIFY(xenstored.start().ok());
    ::kill(pid_t(xenstored.pid()), SIGKILL);
    QTRY_VERIFY_WITH_TIMEOUT(!xenstored.isRunning(), 5000);
    QVERIFY(xenstored.start().ok()); // and it can be started again in the same run directory
    QVERIFY(xenstored.isRunning());
}

QTEST_GUILESS_MAIN(TestXenstoredProcess)
#include "test_xenstored_process.moc"
