// The console driving three platforms at once (issue 14, console side), each a real clonedeckd
// with its own run directory and /16 of loopback addresses, reached over its unix socket (the
// same XenstoreTransport seam an SSH channel uses): the membership tree and the connection
// manager show all three; the manager adds, changes and removes connections and remembers
// them; a policy listing the three spreads 6 clones 2/2/2; stopping one platform marks it
// unreachable with the reason within 5 s while the other two keep updating; restarting it
// resyncs with no stale row.
#include "ClusterMirror.h"
#include "ConnectionManager.h"
#include "ConnectionModel.h"
#include "ConnectionsDialog.h"
#include "ConsoleCore.h"
#include "ConsoleHarness.h"
#include "ConsoleSettings.h"
#include "MainWindow.h"
#include "MembershipModel.h"
#include "Operations.h"
#include "PlatformConnection.h"
#include "PlatformConnections.h"
#include "PlatformFixture.h"
#include "PolicyManager.h"
#include "Prompts.h"
#include "TestEnvironment.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QElapsedTimer>
#include <QLineEdit>
#include <QPushButton>
#include <QTableView>
#include <QTest>

#include <array>

using namespace clonedeck;
using namespace clonedeck::test;

namespace {
const QStringList kHosts{QStringLiteral("local"), QStringLiteral("b"), QStringLiteral("c")};

// Three /16s of 127.0.0.0/8 for this process's three platforms, inside the tests' range (100..249).
QString addressBase(int platform)
{
    const int own = loopbackPrefix().section(QLatin1Char('.'), 1, 1).toInt();
    return QStringLiteral("127.%1.0.0").arg(100 + (own - 100 + platform * 50) % 150);
}

QString uriOf(const PlatformFixture &platform)
{
    return QStringLiteral("unix://") + platform.socketPath();
}

QSet<int> domidsOf(const ClusterMirror *mirror)
{
    const QList<int> keys = mirror->domains().keys();
    return {keys.begin(), keys.end()};
}

int clonesOn(const ClusterMirror *mirror)
{
    const auto &domains = mirror->domains();
    return int(std::count_if(domains.begin(), domains.end(),
                             [](const DomainInfo &d) { return d.role == DomainRole::Clone; }));
}
} // namespace

class TestMultiHost : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();
    void consoleShowsEveryHost();
    void connectionManagerAddsChangesRemoves();
    void policySpreadsClonesOverTheHosts();
    void lostHostIsUnreachableOthersKeepUpdating();
    void returningHostResyncsWithoutStaleRows();

private:
    PlatformConnection *host(const QString &name) const
    {
        return m_console->core().connections()->find(name);
    }
    MembershipModel *membership() const { return m_console->window()->membershipModel(); }
    // Rows under a host's node that are domains (masters and clones), by domid.
    QSet<int> rowsOf(const QString &name) const;

    std::array<PlatformFixture, 3> m_platforms;
    std::unique_ptr<ConsoleHarness> m_console;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
};

void TestMultiHost::initTestCase()
{
    for (int i = 0; i < 3; ++i) {
        PlatformFixture::Options options;
        options.hosts = QStringLiteral("host1:16:65536");
        options.addressBase = addressBase(i);
        const QString error = m_platforms[i].start(options);
        QVERIFY2(error.isEmpty(), qPrintable(error));
    }
    m_console = std::make_unique<ConsoleHarness>(m_platforms[0].socketPath());
    m_tester = std::make_unique<QAbstractItemModelTester>(
        membership(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    const QString error = m_console->start();
    QVERIFY2(error.isEmpty(), qPrintable(error));
    ConnectionManager *manager = m_console->core().connectionManager();
    QVERIFY(manager->add(kHosts[1], uriOf(m_platforms[1])));
    QVERIFY(manager->add(kHosts[2], uriOf(m_platforms[2])));
}

void TestMultiHost::cleanupTestCase()
{
    m_tester.reset();
    m_console.reset();
}

QSet<int> TestMultiHost::rowsOf(const QString &name) const
{
    QSet<int> domids;
    std::function<void(const QModelIndex &)> walk = [&](const QModelIndex &parent) {
        for (int row = 0; row < membership()->rowCount(parent); ++row) {
            const QModelIndex index = membership()->index(row, 0, parent);
            if (const int domid = index.data(MembershipModel::DomidRole).toInt(); domid >= 0)
                domids.insert(domid);
            walk(index);
        }
    };
    walk(membership()->indexOfHost(name));
    return domids;
}

void TestMultiHost::consoleShowsEveryHost()
{
    for (const QString &name : kHosts) {
        QTRY_VERIFY_WITH_TIMEOUT(host(name)->isReachable(), 10000);
        QTRY_VERIFY_WITH_TIMEOUT(membership()->indexOfDomainOn(name, 1).isValid(), 5000); // its master
        QCOMPARE(membership()->indexOfHost(name, MembershipModel::State).data().toString(),
                 QStringLiteral("connected"));
        QCOMPARE(rowsOf(name), domidsOf(host(name)->mirror()));
    }
    // Domid 1 on each is a domain of its own: three rows, one per host.
    QCOMPARE(membership()->hostOf(membership()->indexOfDomainOn(kHosts[2], 1)), kHosts[2]);

    m_console->window()->connectionsAction()->trigger();
    auto *dialog = m_console->window()->findChild<ConnectionsDialog *>();
    QVERIFY(dialog != nullptr);
    QAbstractItemModel *connections = dialog->table()->model();
    QCOMPARE(connections->rowCount(), 3);
    for (int row = 0; row < 3; ++row) {
        QCOMPARE(connections->index(row, ConnectionModel::Name).data().toString(), kHosts[row]);
        QCOMPARE(connections->index(row, ConnectionModel::State).data().toString(),
                 QStringLiteral("connected"));
    }
    QCOMPARE(connections->index(2, ConnectionModel::Uri).data().toString(), uriOf(m_platforms[2]));
    dialog->reject();
}

void TestMultiHost::connectionManagerAddsChangesRemoves()
{
    m_console->window()->connectionsAction()->trigger();
    auto *dialog = m_console->window()->findChild<ConnectionsDialog *>();
    QVERIFY(dialog != nullptr);
    ConsoleSettings *settings = m_console->core().settings();
    const auto rememberedBefore = settings->connections();
    QCOMPARE(rememberedBefore.size(), 2);

    // A bad URI is refused with the reason, and nothing changes.
    QTest::keyClicks(dialog->nameEdit(), QStringLiteral("d"));
    QTest::keyClicks(dialog->uriEdit(), QStringLiteral("relative/socket"));
    QTest::mouseClick(dialog->addButton(), Qt::LeftButton);
    QVERIFY(dialog->errorText().contains(QStringLiteral("not a connection URI")));
    QCOMPARE(dialog->table()->model()->rowCount(), 3);
    QCOMPARE(settings->connections(), rememberedBefore);

    // Added: a row that connects, remembered for the next start.
    dialog->uriEdit()->setText(uriOf(m_platforms[1]));
    QTest::mouseClick(dialog->addButton(), Qt::LeftButton);
    QVERIFY2(dialog->errorText().isEmpty(), qPrintable(dialog->errorText()));
    QCOMPARE(dialog->table()->model()->rowCount(), 4);
    QTRY_VERIFY_WITH_TIMEOUT(host(QStringLiteral("d")) && host(QStringLiteral("d"))->isReachable(), 10000);
    QCOMPARE(settings->connections().size(), 3);
    QCOMPARE(settings->connections().last().uri, uriOf(m_platforms[1]));

    // A taken name is refused.
    QTest::mouseClick(dialog->addButton(), Qt::LeftButton);
    QVERIFY(dialog->errorText().contains(QStringLiteral("exists already")));

    // Changed: renamed and pointed at the third platform; its rows follow.
    dialog->table()->selectRow(3);
    QCOMPARE(dialog->nameEdit()->text(), QStringLiteral("d"));
    dialog->nameEdit()->setText(QStringLiteral("e"));
    dialog->uriEdit()->setText(uriOf(m_platforms[2]));
    QTest::mouseClick(dialog->applyButton(), Qt::LeftButton);
    QVERIFY2(dialog->errorText().isEmpty(), qPrintable(dialog->errorText()));
    QTRY_VERIFY_WITH_TIMEOUT(!membership()->indexOfHost(QStringLiteral("d")).isValid(), 5000);
    QTRY_VERIFY_WITH_TIMEOUT(membership()->indexOfDomainOn(QStringLiteral("e"), 1).isValid(), 10000);
    QCOMPARE(settings->connections().last().name, QStringLiteral("e"));

    // Removed: its rows go, the others stay, and it is forgotten.
    dialog->table()->selectRow(3);
    Prompts::setNextAnswer(true);
    QTest::mouseClick(dialog->removeButton(), Qt::LeftButton);
    QVERIFY2(dialog->errorText().isEmpty(), qPrintable(dialog->errorText()));
    QCOMPARE(dialog->table()->model()->rowCount(), 3);
    QVERIFY(!membership()->indexOfHost(QStringLiteral("e")).isValid());
    QVERIFY(membership()->indexOfDomainOn(kHosts[2], 1).isValid());
    QCOMPARE(settings->connections(), rememberedBefore);

    // The primary stays while the console runs.
    dialog->table()->selectRow(0);
    Prompts::setNextAnswer(true);
    QTest::mouseClick(dialog->removeButton(), Qt::LeftButton);
    QVERIFY(!dialog->errorText().isEmpty());
    QCOMPARE(dialog->table()->model()->rowCount(), 3);
    dialog->reject();
}

void TestMultiHost::policySpreadsClonesOverTheHosts()
{
    PolicyConfig config;
    config.cluster = QStringLiteral("spread");
    config.hosts = kHosts;
    config.placement = PolicyConfig::Placement::Spread;
    config.manualDemand = 6;
    config.maxClones = 6;
    config.maxPerStep = 6;
    config.inDemandDelayMs = 0;
    config.coolDownMs = 0;
    config.profile.command = QStringLiteral("echo up; exec sleep 600");
    config.profile.memoryMb = 64;
    config.enabled = true;
    PolicyManager *policies = m_console->core().policies();
    QVERIFY(policies->save(config));
    PolicyEngine *engine = policies->engine(config.cluster);
    QVERIFY(engine != nullptr);
    QTRY_COMPARE_WITH_TIMEOUT(engine->running(), 6, 90000);
    // Placed right the first time: no launch failed (a domain 2 on each host is three domains, not one).
    for (const PolicyDecision &decision : engine->decisions())
        QVERIFY2(decision.kind != PolicyDecision::Kind::Replace, qPrintable(decision.toString()));
    for (const QString &name : kHosts) {
        QCOMPARE(engine->perHost().value(name), 2);
        QCOMPARE(clonesOn(host(name)->mirror()), 2);
        QTRY_COMPARE_WITH_TIMEOUT(rowsOf(name).size(), 3, 5000); // the master and its two clones
    }
    QVERIFY(policies->setEnabled(config.cluster, false));
    for (const QString &name : kHosts)
        QTRY_COMPARE_WITH_TIMEOUT(clonesOn(host(name)->mirror()), 0, 60000);
}

void TestMultiHost::lostHostIsUnreachableOthersKeepUpdating()
{
    // A clone on the third host that must be gone from it after its return (see below).
    QVERIFY(m_console->core().operations()->spawn(1, {1, 1, 64, 0}, kHosts[2]) > 0);
    QTRY_COMPARE_WITH_TIMEOUT(clonesOn(host(kHosts[2])->mirror()), 1, 30000);

    QElapsedTimer sinceStop;
    sinceStop.start();
    m_platforms[2].stop();
    QTRY_VERIFY_WITH_TIMEOUT(!host(kHosts[2])->isReachable(), 5000);
    QTRY_VERIFY_WITH_TIMEOUT(!host(kHosts[2])->reason().isEmpty(), 5000);
    const qint64 detectedMs = sinceStop.elapsed();
    QVERIFY2(detectedMs < 5000, qPrintable(QString::number(detectedMs)));
    qInfo("host c unreachable %lld ms after its platform was told to stop (the stop included): %s",
          detectedMs, qPrintable(host(kHosts[2])->stateText()));
    const QString shown = membership()->indexOfHost(kHosts[2], MembershipModel::State).data().toString();
    QVERIFY2(shown.startsWith(QStringLiteral("unreachable: ")), qPrintable(shown));
    QVERIFY(shown.contains(host(kHosts[2])->reason()));
    // The others keep updating: a clone spawned on the second host shows up under it.
    QVERIFY(host(kHosts[1])->isReachable() && host(kHosts[0])->isReachable());
    QVERIFY(m_console->core().operations()->spawn(1, {1, 1, 64, 0}, kHosts[1]) > 0);
    QTRY_COMPARE_WITH_TIMEOUT(clonesOn(host(kHosts[1])->mirror()), 1, 30000);
    QTRY_COMPARE_WITH_TIMEOUT(rowsOf(kHosts[1]).size(), 2, 5000);
    QVERIFY(membership()->indexOfDomainOn(kHosts[0], 1).isValid());
    // What the lost host showed stays visible (marked unreachable), not emptied.
    QVERIFY(!rowsOf(kHosts[2]).isEmpty());
}

void TestMultiHost::returningHostResyncsWithoutStaleRows()
{
    const QString error = m_platforms[2].restart();
    QVERIFY2(error.isEmpty(), qPrintable(error));
    // Backoff is capped at 5 s: it is back within one more attempt.
    QTRY_VERIFY_WITH_TIMEOUT(host(kHosts[2])->isReachable(), 15000);
    QCOMPARE(membership()->indexOfHost(kHosts[2], MembershipModel::State).data().toString(),
             QStringLiteral("connected"));
    // What the console shows for it is exactly what a fresh connection to it loads.
    auto fresh = m_console->core().connectionManager()->add(QStringLiteral("fresh"), uriOf(m_platforms[2]));
    QVERIFY(fresh);
    QTRY_VERIFY_WITH_TIMEOUT((*fresh)->isReachable(), 10000);
    QCOMPARE(domidsOf(host(kHosts[2])->mirror()), domidsOf((*fresh)->mirror()));
    QCOMPARE(rowsOf(kHosts[2]), domidsOf((*fresh)->mirror()));
    QVERIFY(m_console->core().connectionManager()->remove(QStringLiteral("fresh")));
}

QTEST_MAIN(TestMultiHost)
#include "test_multihost.moc"
