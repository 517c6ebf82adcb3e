// The console's views of several hosts (issue 14, console side): two real clonedeckd, the second
// behind a stock OpenSSH sshd (RemoteHostsFixture) and reached over ssh:// as an operator would.
// An agent launched from the console on a clone of the second host runs through that host's SSH
// connection (direct-tcpip), under the lineage host-key policy, and its output shows in the
// Agents tab with Host = that host; the dashboard samples both hosts, each into series of its own.
#include "AgentCommands.h"
#include "AgentLauncher.h"
#include "AgentModel.h"
#include "AgentsView.h"
#include "ClusterMirror.h"
#include "ClusterSampler.h"
#include "ConnectionManager.h"
#include "ConsoleCore.h"
#include "ConsoleHarness.h"
#include "DashboardView.h"
#include "DomainDetailPane.h"
#include "EventLogModel.h"
#include "HostCapacityTable.h"
#include "LaunchAgentDialog.h"
#include "LaunchTargets.h"
#include "MainWindow.h"
#include "MembershipModel.h"
#include "MembershipView.h"
#include "Operations.h"
#include "PlatformConnection.h"
#include "PlatformConnections.h"
#include "RemoteHostsFixture.h"
#include "SeriesChart.h"
#include "TestEnvironment.h"

#include <QAbstractProxyModel>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTableView>
#include <QTest>
#include <QTreeView>

using namespace clonedeck;
using namespace clonedeck::test;

namespace {
const QString kLocal = QStringLiteral("local");
const QString kRemote = QStringLiteral("rack2");

QList<DomainInfo> clonesOn(const ClusterMirror *mirror)
{
    QList<DomainInfo> clones;
    for (const DomainInfo &domain : mirror->domains()) {
        if (domain.role == DomainRole::Clone && hasSshEndpoint(domain)) // its port too, not only its address
            clones.append(domain);
    }
    return clones;
}
} // namespace

class TestHostViews : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();
    void dashboardSamplesEveryHost();
    void agentOnTheSecondHostRunsThroughItsTunnel();

private:
    PlatformConnection *host(const QString &name) const
    {
        return m_console->core().connections()->find(name);
    }
    MainWindow *window() const { return m_console->window(); }
    double lastOf(const QString &key) const
    {
        const TimeSeries *series = m_console->core().sampler()->series(key);
        return series && series->size() > 0 ? series->last().value : -1;
    }

    RemoteHostsFixture m_hosts{2};
    std::unique_ptr<ConsoleHarness> m_console;
};

void TestHostViews::initTestCase()
{
    PlatformFixture::Options options;
    options.hosts = QStringLiteral("host1:16:65536");
    const QString error = m_hosts.start(options);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    SshHostOptions ssh;
    ssh.identityFiles = {m_hosts.identity()};
    ssh.knownHostsFile = m_hosts.knownHostsFile();
    ssh.useSshAgent = false;
    // The first host on its unix socket (where SSH is not the point), the second over SSH.
    m_console = std::make_unique<ConsoleHarness>(m_hosts.platform(0).socketPath(), QString(), ssh);
    const QString started = m_console->start(20000);
    QVERIFY2(started.isEmpty(), qPrintable(started));
    QVERIFY(m_console->core().connectionManager()->connectTo(kRemote, m_hosts.uri(1)));
    QTRY_VERIFY_WITH_TIMEOUT(host(kRemote) && host(kRemote)->isReachable(), 20000);
    // One clone on the first host, two on the second, made the way the console makes them.
    QVERIFY(m_console->core().operations()->spawn(1, {1, 1, 64, 0}) > 0);
    QVERIFY(m_console->core().operations()->spawn(1, {2, 1, 64, 0}, kRemote) > 0);
    QTRY_COMPARE_WITH_TIMEOUT(clonesOn(host(kLocal)->mirror()).size(), 1, 30000);
    QTRY_COMPARE_WITH_TIMEOUT(clonesOn(host(kRemote)->mirror()).size(), 2, 30000);
}

void TestHostViews::cleanupTestCase()
{
    m_console.reset();
}

void TestHostViews::dashboardSamplesEveryHost()
{
    // Each host's clone series reads its own count within two samples; the sum reads both.
    QTRY_COMPARE_WITH_TIMEOUT(lastOf(ClusterSampler::platformKey(kRemote, ClusterSampler::kClones)), 2.0,
                              3000);
    QTRY_COMPARE_WITH_TIMEOUT(lastOf(ClusterSampler::platformKey(kLocal, ClusterSampler::kClones)), 1.0,
                              3000);
    QTRY_COMPARE_WITH_TIMEOUT(lastOf(ClusterSampler::kClones), 3.0, 3000);
    // Both hosts' capacity, named apart (each platform calls its host "host1").
    const QString remoteHost = ClusterSampler::hostLabel(kRemote, QStringLiteral("host1"), false);
    QTRY_VERIFY_WITH_TIMEOUT(lastOf(ClusterSampler::hostFreeVcpusKey(remoteHost)) >= 0, 3000);
    QCOMPARE(lastOf(ClusterSampler::hostFreeVcpusKey(remoteHost)),
             double(host(kRemote)->mirror()->hosts().value(QStringLiteral("host1")).freeVcpus()));

    // The host selector: all hosts (the sums and every host's capacity), then one host's own.
    window()->showTab(QStringLiteral("dashboard"));
    auto *dashboard = window()->findChild<DashboardView *>();
    QVERIFY(dashboard);
    QComboBox *selector = dashboard->hostSelector();
    QCOMPARE(selector->count(), 3);
    QCOMPARE(selector->itemData(2).toString(), kRemote);
    QTRY_COMPARE_WITH_TIMEOUT(dashboard->hostTable()->rowCount(), 2, 3000);
    selector->setCurrentIndex(2);
    QCOMPARE(dashboard->hostTable()->rowCount(), 1);
    QCOMPARE(dashboard->hostTable()->item(0, 0)->text(), remoteHost);
    // The activity chart now draws the second host's own series: its last clone count is 2 (the sum: 3).
    const auto lastClones = [dashboard] {
        const QString csv = QString::fromUtf8(dashboard->charts().first()->csv()).trimmed();
        return csv.section(QLatin1Char('\n'), -1).section(QLatin1Char(','), 1, 1).trimmed();
    };
    QCOMPARE(lastClones(), QStringLiteral("2"));
    selector->setCurrentIndex(0);
    QCOMPARE(lastClones(), QStringLiteral("3"));
    QCOMPARE(dashboard->hostTable()->rowCount(), 2);
}

void TestHostViews::agentOnTheSecondHostRunsThroughItsTunnel()
{
    const DomainInfo clone = clonesOn(host(kRemote)->mirror()).first();
    // Select it under the second host in the membership tree, and launch through the dialog.
    window()->showTab(QStringLiteral("membership"));
    QTreeView *view = window()->membershipView();
    auto *proxy = qobject_cast<QAbstractProxyModel *>(view->model());
    QVERIFY(proxy);
    const QModelIndex row =
        proxy->mapFromSource(window()->membershipModel()->indexOfDomainOn(kRemote, clone.domid));
    QVERIFY(row.isValid());
    view->selectionModel()->clearSelection();
    view->selectionModel()->select(row, QItemSelectionModel::Select | QItemSelectionModel::Rows);
    window()->agentCommands()->launchAction()->trigger();
    LaunchAgentDialog *dialog = nullptr;
    QTRY_VERIFY_WITH_TIMEOUT((dialog = window()->findChild<LaunchAgentDialog *>()) && dialog->isVisible(),
                             5000);
    auto *edit = dialog->findChild<QLineEdit *>(QStringLiteral("command"));
    edit->setText(QStringLiteral("echo hello from rack2; exec sleep 1000"));
    dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok)->click();

    AgentModel *agents = window()->agentModel();
    QTRY_COMPARE_WITH_TIMEOUT(agents->rowCount(), 1, 10000);
    const AgentSessionId id = agents->sessionAt(0);
    QTRY_COMPARE_WITH_TIMEOUT(agents->state(id), std::optional(AgentState::Running), 60000);
    QCOMPARE(agents->index(0, AgentModel::Host).data().toString(), kRemote);
    QCOMPARE(agents->index(0, AgentModel::Clone).data().toInt(), clone.domid);
    QCOMPARE(agents->newestSessionOn(clone.domid, kRemote), id);
    QCOMPARE(agents->newestSessionOn(clone.domid, kLocal), AgentSessionId{});
    // The lineage policy checked the clone's key (pinned from its master first), not skipped it.
    QVERIFY(agents->hostKeyFingerprint(id).startsWith(QLatin1String("SHA256:")));
    QVERIFY(!agents->index(0, AgentModel::State).data().toString().contains(QLatin1String("NOT")));
    // It rode the second host's SSH connection: a direct-tcpip tunnel to the clone's address there.
    const QString route = QStringLiteral("tunnel to %1:%2 via").arg(clone.sshHost).arg(clone.sshPort);
    QTRY_VERIFY_WITH_TIMEOUT(m_console->core().eventLog()->toText().contains(route), 5000);

    // Its output in the Agents tab, the Host column read first.
    window()->showTab(QStringLiteral("agents"));
    QTableView *table = window()->agentsView()->tableView();
    QCOMPARE(table->horizontalHeader()->logicalIndex(0), int(AgentModel::Host));
    window()->agentsView()->selectSession(id);
    QTRY_VERIFY_WITH_TIMEOUT(
        window()->agentsView()->stdoutView()->toPlainText().contains(QLatin1String("hello from rack2")),
        10000);
    // Membership's agent column: that clone of that host, not the first host's same domid.
    QTRY_COMPARE_WITH_TIMEOUT(window()
                                  ->membershipModel()
                                  ->indexOfDomainOn(kRemote, clone.domid, MembershipModel::Agent)
                                  .data()
                                  .toString(),
                              AgentModel::stateText(AgentState::Running), 5000);
    const QModelIndex sameDomidHere =
        window()->membershipModel()->indexOfDomainOn(kLocal, clone.domid, MembershipModel::Agent);
    QVERIFY(!sameDomidHere.isValid() || sameDomidHere.data().toString().isEmpty());
    // The row's usage bars and detail pane read that host's clone, whose agent runs there.
    QTRY_VERIFY_WITH_TIMEOUT(host(kRemote)->mirror()->usage().contains(clone.domid), 15000);
    QTRY_VERIFY_WITH_TIMEOUT(window()->membershipModel()
                                     ->indexOfDomainOn(kRemote, clone.domid, MembershipModel::MemoryUsed)
                                     .data(MembershipModel::SortRole)
                                     .toLongLong() > 0,
                             5000);
    window()->showTab(QStringLiteral("membership"));
    view->setCurrentIndex(row);
    DomainDetailPane *pane = window()->membership()->detailPane();
    QCOMPARE(pane->host(), kRemote);
    QCOMPARE(pane->domid(), clone.domid);
    QCOMPARE(pane->fieldText(QStringLiteral("ticket")), clone.ticket);
    QCOMPARE(pane->fieldText(QStringLiteral("backend")), QStringLiteral("sandbox"));
    QVERIFY2(pane->fieldText(QStringLiteral("agent")).startsWith(QStringLiteral("echo hello from rack2")),
             qPrintable(pane->fieldText(QStringLiteral("agent"))));
    QVERIFY(pane->fieldText(QStringLiteral("hostKey")).startsWith(QLatin1String("SHA256:")));
    QTRY_VERIFY_WITH_TIMEOUT(pane->fieldText(QStringLiteral("usage")).contains(QStringLiteral("process")),
                             5000);
    if (const QString shot = qEnvironmentVariable("CLONEDECK_HOSTVIEWS_SCREENSHOT"); !shot.isEmpty())
        window()->grab().save(shot); // to look at the second host's row and its details
    // A clone of the first host (the same domids repeat there) has no agent: the pane tells them apart.
    const DomainInfo localClone = clonesOn(host(kLocal)->mirror()).first();
    view->setCurrentIndex(
        proxy->mapFromSource(window()->membershipModel()->indexOfDomainOn(kLocal, localClone.domid)));
    QCOMPARE(pane->host(), kLocal);
    QCOMPARE(pane->domid(), localClone.domid);
    QCOMPARE(pane->fieldText(QStringLiteral("agent")), QStringLiteral("none launched"));
    QCOMPARE(pane->fieldText(QStringLiteral("ticket")), localClone.ticket);
    // The dashboard counts it on its host.
    QTRY_COMPARE_WITH_TIMEOUT(lastOf(ClusterSampler::platformKey(kRemote, ClusterSampler::kRunningAgents)),
                              1.0, 3000);
    QCOMPARE(lastOf(ClusterSampler::platformKey(kLocal, ClusterSampler::kRunningAgents)), 0.0);

    // Stop acts on its host: the session ends.
    window()->showTab(QStringLiteral("agents"));
    table->selectRow(0);
    window()->agentCommands()->stopAction()->trigger();
    QTRY_VERIFY_WITH_TIMEOUT(agents->state(id) && isFinal(*agents->state(id)), 15000);
}

QTEST_MAIN(TestHostViews)
#include "test_hostviews.moc"
