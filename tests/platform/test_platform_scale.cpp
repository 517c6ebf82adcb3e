// A thousand clones on one ticket through clonectl, end to end: the clone reply still fits
// one xenstore value (ids as ranges), every clone is listed by ltd with its own address,
// and killing the ticket returns all the capacity. Too large a reply once made clonectl
// wait for its deadline; this pins that it answers. While those thousand start, another
// master's requests are answered: starting VMs never holds up the daemon's loop. And the
// thousand idle VMs cost clonedeckd one descriptor each (their SSH listeners): a VM's
// xenstore endpoint is bound at its first command, so 10,000 domains fit a hard limit of
// 20,000 descriptors (issue 10).
#include "PlatformFixture.h"
#include "ProcessSockets.h"
#include "TestEnvironment.h"
#include "VmShell.h"

#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace clonedeck::test;

class TestPlatformScale : public QObject
{
    Q_OBJECT
private slots:
    void cloneOfAThousandAnswersAndBlocksNoOne();
};

void TestPlatformScale::cloneOfAThousandAnswersAndBlocksNoOne()
{
    QTemporaryDir configDir;
    const QString config = configDir.filePath(QStringLiteral("platform.ini"));
    QFile file(config);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("[cluster:default]\nmaster_vcpus=1\n[cluster:other]\nmaster_vcpus=1\n");
    file.close();
    PlatformFixture platform;
    PlatformFixture::Options options;
    options.hosts = QStringLiteral("host1:1100:1100000");
    options.extraArgs = QStringList{QStringLiteral("--config"), config};
    const QString error = platform.start(options);
    QVERIFY2(error.isEmpty(), qPrintable(error));

    const CommandResult rt =
        platform.clonectl({QStringLiteral("rt"), QStringLiteral("1000"), QStringLiteral("1"),
                           QStringLiteral("16"), QStringLiteral("0")});
    QCOMPARE(rt.exitCode, 0);
    const QString ticket = QString::fromUtf8(rt.out.split(' ').value(1).trimmed());
    QVERIFY(!ticket.isEmpty());

    const int descriptorsBefore = openDescriptors(platform.pid());
    QElapsedTimer timer;
    timer.start();
    QProcess clone;
    clone.setProcessEnvironment(platform.environment(1));
    clone.start(binDir() + QStringLiteral("/clonectl"), {QStringLiteral("clone"), ticket});
    QVERIFY(clone.waitForStarted());
    // Once the clone request is being acted on (its ticket is used), the other cluster's master
    // (domain 2) asks for a ticket: it is answered while the thousand are still starting.
    QTRY_VERIFY_WITH_TIMEOUT(platform.clonectl({QStringLiteral("ltd"), ticket}).out.contains("state used"),
                             30000);
    const CommandResult other =
        platform.clonectl({QStringLiteral("rt"), QStringLiteral("1"), QStringLiteral("1"),
                           QStringLiteral("16"), QStringLiteral("0")},
                          2);
    QCOMPARE(other.exitCode, 0);
    QCOMPARE(clone.state(), QProcess::Running);
    QVERIFY(clone.waitForFinished(120000));
    QVERIFY2(clone.exitCode() == 0, clone.readAllStandardError().constData());
    qInfo("clone of 1000 answered in %lld ms", timer.elapsed());
    const QList<QByteArray> cloned = clone.readAllStandardOutput().trimmed().split('\n');
    QCOMPARE(cloned.size(), 1000);

    // Idle, each VM holds its SSH listener and nothing else (slack: the daemon's own churn).
    const int idleCost = openDescriptors(platform.pid()) - descriptorsBefore;
    qInfo("1000 idle sandbox VMs: %d more descriptors in clonedeckd", idleCost);
    QVERIFY2(idleCost >= 1000 && idleCost <= 1000 + 16, qPrintable(QString::number(idleCost)));
    const int domid = cloned.last().split(' ').value(3).trimmed().toInt(); // clone <vmid> domid <domid>
    QVERIFY(domid > 2);
    const QString endpoint = platform.runDir() + QStringLiteral("/bridge/%1.sock").arg(domid);
    QVERIFY(!QFile::exists(endpoint));
    // Its first command opens its endpoint: it works, for this domain only (its master's ticket is
    // out of its reach: EACCES, exit 13).
    const CommandResult inVm = VmShell(platform).run(
        domid, QStringLiteral("xenstore-read domid; clonectl --domain 1 kill %1; echo exit=$?").arg(ticket));
    QCOMPARE(inVm.out, QByteArray::number(domid) + "\nexit=13\n");
    QVERIFY(QFile::exists(endpoint));

    const CommandResult ltd = platform.clonectl({QStringLiteral("ltd"), ticket});
    QCOMPARE(ltd.exitCode, 0);
    QSet<QByteArray> addresses;
    for (const QByteArray &line : ltd.out.split('\n')) {
        if (line.startsWith("ip "))
            addresses.insert(line.mid(3));
    }
    QCOMPARE(addresses.size(), 1000);

    QCOMPARE(platform.clonectl({QStringLiteral("kill"), ticket}).exitCode, 0);
    const CommandResult domains = platform.clonectl({QStringLiteral("domains")});
    QCOMPARE(domains.out.count("clone"), 0);
}

QTEST_GUILESS_MAIN(TestPlatformScale)
#include "test_platform_scale.moc"
