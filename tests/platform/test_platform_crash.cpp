// clonedeckd killed with SIGKILL mid-clone and mid-join, then restarted: no
// leaked sandbox VM, no lost ticket, capacity consistent with what exists.
#include "PlatformClient.h"
#include "PlatformFixture.h"
#include "ProtocolPaths.h"
#include "XenstoreConnection.h"

#include <QDir>
#include <QTest>

using namespace clonedeck;
using namespace clonedeck::test;

class TestPlatformCrash : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void killedMidCloneLeavesNoLeak();
    void killedMidJoinLeavesNoLeak();

private:
    void verifyConsistent(PlatformFixture &platform);

    // One platform for both: this process reads it through libxenstore, which names one socket
    // per process (XENSTORED_PATH, fixed by the first connection).
    PlatformFixture m_platform;
};

void TestPlatformCrash::initTestCase()
{
    PlatformFixture::Options options;
    options.hosts = QStringLiteral("host1:512:65536");
    const QString error = m_platform.start(options);
    QVERIFY2(error.isEmpty(), qPrintable(error));
}

void TestPlatformCrash::verifyConsistent(PlatformFixture &platform)
{
    auto connection = XenstoreConnection::open(platform.socketPath());
    QVERIFY(connection.ok());
    PlatformClient client(**connection, 1);
    const auto domains = client.domains();
    const auto hosts = client.hosts();
    const auto tickets = client.tickets();
    QVERIFY(domains.ok() && hosts.ok() && tickets.ok());

    // Every VM directory belongs to a running domain, and every domain has its directory.
    QStringList expected;
    int vcpus = 0;
    qint64 memory = 0;
    for (const DomainInfo &domain : *domains) {
        QCOMPARE(toString(domain.state), toString(DomainState::Running));
        expected.append(QString::number(domain.domid));
        vcpus += domain.vcpus;
        memory += domain.memoryMb;
    }
    QStringList onDisk =
        QDir(platform.runDir() + QStringLiteral("/vms")).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    std::sort(expected.begin(), expected.end());
    std::sort(onDisk.begin(), onDisk.end());
    QCOMPARE(onDisk, expected);

    // Capacity in xenstore matches the domains and the granted tickets.
    int reservedVcpus = 0;
    for (const TicketInfo &ticket : *tickets) {
        if (ticket.state == TicketState::Granted)
            reservedVcpus += ticket.granted * ticket.vcpus;
        if (ticket.state == TicketState::Used)
            QVERIFY(ticket.live > 0);
    }
    QCOMPARE(hosts->size(), 1);
    QCOMPARE(hosts->first().usedVcpus, vcpus);
    QCOMPARE(hosts->first().usedMemoryMb, memory);
    QCOMPARE(hosts->first().reservedVcpus, reservedVcpus);
}

void TestPlatformCrash::killedMidCloneLeavesNoLeak()
{
    PlatformFixture &platform = m_platform;

    // Ask for 400 clones from a separate process and kill the platform once some exist but not
    // all. (40 were once enough; since clones start with vfork all 40 can be done before the
    // test sees the fifth.)
    const CommandResult rt =
        platform.clonectl({QStringLiteral("rt"), QStringLiteral("400"), QStringLiteral("1"),
                           QStringLiteral("16"), QStringLiteral("0")});
    QCOMPARE(rt.exitCode, 0);
    const QString ticket = QString::fromUtf8(rt.out).split(QLatin1Char(' '))[1];
    QProcess clone;
    clone.setProcessEnvironment(platform.environment(1));
    clone.start(QStringLiteral("%1/clonectl")
                    .arg(QProcessEnvironment::systemEnvironment().value(QStringLiteral("CLONEDECK_BIN_DIR"))),
                {QStringLiteral("clone"), ticket});
    QVERIFY(clone.waitForStarted());
    const QString vms = platform.runDir() + QStringLiteral("/vms");
    QTRY_VERIFY_WITH_TIMEOUT(QDir(vms).entryList(QDir::Dirs | QDir::NoDotAndDotDot).size() >= 5, 20000);
    platform.killHard();
    QVERIFY(QDir(vms).entryList(QDir::Dirs | QDir::NoDotAndDotDot).size() < 401); // mid-clone indeed
    clone.waitForFinished(20000);
    QVERIFY(clone.exitCode() != 0 || clone.exitStatus() != QProcess::NormalExit); // it never got its reply

    const QString error = platform.restart();
    QVERIFY2(error.isEmpty(), qPrintable(error));
    verifyConsistent(platform);
    // The ticket is not lost: its state says what happened to it.
    const CommandResult ltd = platform.clonectl({QStringLiteral("ltd"), ticket});
    QCOMPARE(ltd.exitCode, 0);
}

void TestPlatformCrash::killedMidJoinLeavesNoLeak()
{
    PlatformFixture &platform = m_platform;
    const CommandResult rt =
        platform.clonectl({QStringLiteral("rt"), QStringLiteral("3"), QStringLiteral("1"),
                           QStringLiteral("64"), QStringLiteral("0")});
    const QString ticket = QString::fromUtf8(rt.out).split(QLatin1Char(' '))[1];
    const CommandResult clone = platform.clonectl({QStringLiteral("clone"), ticket});
    QCOMPARE(clone.exitCode, 0);
    const int joiner =
        QString::fromUtf8(clone.out).split(QLatin1Char('\n')).first().section(QLatin1Char(' '), 3, 3).toInt();
    QVERIFY(joiner > 1);

    // The join is answered at once and the domain ends half a second later: kill in between.
    const CommandResult join = platform.clonectl({QStringLiteral("join")}, joiner);
    QCOMPARE(join.exitCode, 0);
    platform.killHard();
    const QString error = platform.restart();
    QVERIFY2(error.isEmpty(), qPrintable(error));
    verifyConsistent(platform);
    auto connection = XenstoreConnection::open(platform.socketPath());
    QVERIFY(connection.ok());
    QVERIFY(!PlatformClient(**connection, 1).domain(joiner).ok()); // the joined clone is gone for good
}

QTEST_GUILESS_MAIN(TestPlatformCrash)
#include "test_platform_crash.moc"
