// The hypervisor stub's open() redirection (core/hypervisorstub): it forwards a mode only when
// the caller passed one, and refuses a redirected path that does not fit instead of opening
// a truncated one. A recorder preloaded after the stub shows what the stub handed on.
#include "TestEnvironment.h"

#include <QDir>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace clonedeck::test;

namespace {

struct ProbeRun
{
    QByteArray out;       // the probe's verdict: "ok" or "errno <NAME>"
    QByteArray forwarded; // what the stub handed to the next open(): "open <mode> <path>" lines
};

ProbeRun runProbe(const QStringList &args, const QString &stubDir)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("LD_PRELOAD"), libDir() + QStringLiteral("/libclonedeck-hvstub.so ") +
                                                 QCoreApplication::applicationDirPath() +
                                                 QStringLiteral("/libhvstub_open_recorder.so"));
    env.insert(QStringLiteral("CLONEDECK_HVSTUB_DIR"), stubDir);
    QProcess probe;
    probe.setProcessEnvironment(env);
    probe.start(QCoreApplication::applicationDirPath() + QStringLiteral("/hvstub_probe"), args);
    probe.waitForFinished(10000);
    return {probe.readAllStandardOutput().trimmed(), probe.readAllStandardError()};
}

} // namespace

class TestHypervisorStub : public QObject
{
    Q_OBJECT
private slots:
    void redirectsXsdPort();
    void directoryOpenForwardsNoMode();
    void overlongRedirectIsRefusedNotTruncated();
};

void TestHypervisorStub::redirectsXsdPort()
{
    QTemporaryDir dir;
    QFile port(dir.filePath(QStringLiteral("xsd_port")));
    QVERIFY(port.open(QIODevice::WriteOnly));
    port.write("1");
    port.close();
    const ProbeRun run = runProbe({QStringLiteral("xsd_port")}, dir.path());
    QCOMPARE(run.out, QByteArray("ok"));
    QVERIFY2(run.forwarded.contains(" " + QFile::encodeName(port.fileName()) + "\n"), run.forwarded);
}

void TestHypervisorStub::directoryOpenForwardsNoMode()
{
    // O_DIRECTORY shares a bit with O_TMPFILE; without O_CREAT/O_TMPFILE no mode was passed, so
    // the stub must not read one (here 0777 sits where it would be) and forwards 0.
    QTemporaryDir dir;
    const ProbeRun run = runProbe({QStringLiteral("directory"), dir.path()}, dir.path());
    QCOMPARE(run.out, QByteArray("ok"));
    const QByteArray expected = "open 0 " + QFile::encodeName(dir.path()) + "\n";
    QVERIFY2(run.forwarded.contains(expected), run.forwarded);
}

void TestHypervisorStub::overlongRedirectIsRefusedNotTruncated()
{
    // A stub directory of 4,091 bytes made of "/." steps: with "/xsd_port" it exceeds the stub's
    // 4,096-byte buffer, and cut to fit it reads "<dir>/xsd", a file the stub never meant.
    QTemporaryDir dir;
    QString longDir = dir.path();
    while (longDir.size() < 4090)
        longDir += QStringLiteral("/.");
    if (longDir.size() == 4090)
        longDir += QLatin1Char('/');
    QCOMPARE(longDir.size(), 4091);
    QFile decoy(dir.filePath(QStringLiteral("xsd")));
    QVERIFY(decoy.open(QIODevice::WriteOnly));
    decoy.close();
    const ProbeRun run = runProbe({QStringLiteral("xsd_port")}, longDir);
    QCOMPARE(run.out, QByteArray("errno ENAMETOOLONG"));
    QVERIFY2(!run.forwarded.contains(QFile::encodeName(dir.path())), run.forwarded.left(300));
}

QTEST_GUILESS_MAIN(TestHypervisorStub)
#include "test_hypervisor_stub.moc"
