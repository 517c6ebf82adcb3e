// The console's agent parts with real widgets on the offscreen platform against a real
// clonedeckd, its sandbox clones answering SSH on loopback and the lineage host-key
// policy (pins in a private file): launch an agent on a clone through the dialog and see
// its output stream in the Agents tab and its state in the membership tree; stop and
// restart it; launch on several clones at once; run the test bench's whole pipeline
// straight through and step by step, tear a run down in one click; save and load a
// profile; the preferences dialog.
#include "AgentCommands.h"
#include "AgentLauncher.h"
#include "AgentModel.h"
#include "AgentsView.h"
#include "ClusterMirror.h"
#include "ConsoleCore.h"
#include "ConsoleHarness.h"
#include "ConsoleSettings.h"
#include "LaunchAgentDialog.h"
#include "LaunchTargets.h"
#include "LaunchTimelineModel.h"
#include "MainWindow.h"
#include "MembershipModel.h"
#include "Operations.h"
#include "PlatformFixture.h"
#include "PreferencesDialog.h"
#include "TestBenchView.h"

#include <QAbstractProxyModel>
#include <QAction>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>

using namespace clonedeck;
using namespace clonedeck::test;

class TestAgentsGui : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();
    void agentActionsAreInThePalette();
    void launchAgentAndSeeItsOutput();
    void stopAndRestartTheAgent();
    void launchOnSeveralClones();
    void testBenchRunsTheWholePipeline();
    void testBenchStepByStep();
    void testBenchTearsDownInOneClick();
    void testBenchSavesAndLoadsProfiles();
    void preferencesWarnAboutInsecureAndSave();
    void launchOnACloneSeenBeforeItRuns();

private:
    QList<int> cloneDomids() const;
    void selectClones(const QList<int> &domids);
    void launchThroughDialog(const QString &command);
    int liveDomains() const { return int(m_console->core().mirror()->domains().size()); }
    AgentModel *agents() const { return m_window->agentModel(); }
    QString agentColumn(int domid) const;

    PlatformFixture m_platform;
    std::unique_ptr<ConsoleHarness> m_console;
    MainWindow *m_window = nullptr;
    AgentSessionId m_first = 0;
};

void TestAgentsGui::initTestCase()
{
    PlatformFixture::Options options;
    options.hosts = QStringLiteral("host1:16:32768");
    const QString error = m_platform.start(options);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    m_console = std::make_unique<ConsoleHarness>(m_platform.socketPath());
    m_window = m_console->window();
    const QString started = m_console->start();
    QVERIFY2(started.isEmpty(), qPrintable(started));
    // Three clones to run agents on, made the way the console makes them.
    m_console->core().operations()->spawn(1, {3, 1, 128, 0});
    QTRY_COMPARE_WITH_TIMEOUT(cloneDomids().size(), 3, 20000);
}

void TestAgentsGui::cleanupTestCase()
{
    m_console.reset();
    m_platform.stop();
}

QList<int> TestAgentsGui::cloneDomids() const
{
    QList<int> domids;
    for (const DomainInfo &domain : m_console->core().mirror()->domains()) {
        if (domain.role == DomainRole::Clone && hasSshEndpoint(domain)) // its port too, not only its address
            domids.append(domain.domid);
    }
    return domids;
}

QString TestAgentsGui::agentColumn(int domid) const
{
    return m_window->membershipModel()->indexOfDomain(domid, MembershipModel::Agent).data().toString();
}

void TestAgentsGui::selectClones(const QList<int> &domids)
{
    m_window->showTab(QStringLiteral("membership"));
    QTreeView *view = m_window->membershipView();
    auto *proxy = qobject_cast<QAbstractProxyModel *>(view->model());
    QVERIFY(proxy);
    view->selectionModel()->clearSelection();
    for (int domid : domids) {
        const QModelIndex index = proxy->mapFromSource(m_window->membershipModel()->indexOfDomain(domid));
        QVERIFY(index.isValid());
        view->selectionModel()->select(index, QItemSelectionModel::Select | QItemSelectionModel::Rows);
    }
}

void TestAgentsGui::launchThroughDialog(const QString &command)
{
    m_window->agentCommands()->launchAction()->trigger();
    LaunchAgentDialog *dialog = nullptr;
    QTRY_VERIFY_WITH_TIMEOUT((dialog = m_window->findChild<LaunchAgentDialog *>()) && dialog->isVisible(),
                             5000);
    auto *edit = dialog->findChild<QLineEdit *>(QStringLiteral("command"));
    edit->clear();
    QTest::keyClicks(edit, command);
    dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok)->click();
    QTRY_VERIFY_WITH_TIMEOUT(!m_window->findChild<LaunchAgentDialog *>(), 5000); // closed and deleted
}

void TestAgentsGui::agentActionsAreInThePalette()
{
    const QList<QAction *> actions = m_window->actions();
    for (QAction *action :
         {m_window->agentCommands()->launchAction(), m_window->agentCommands()->stopAction(),
          m_window->agentCommands()->restartAction(), m_window->preferencesAction()}) {
        QVERIFY2(actions.contains(action), qPrintable(action->text()));
        QVERIFY2(!action->shortcut().isEmpty(), qPrintable(action->text()));
    }
    for (const char *tab : {"membership", "tickets", "agents", "testbench", "dashboard", "events"}) {
        m_window->showTab(QLatin1String(tab));
        QCOMPARE(m_window->currentTab(), QLatin1String(tab));
    }
}

void TestAgentsGui::launchAgentAndSeeItsOutput()
{
    const int clone = cloneDomids().first();
    selectClones({clone});
    launchThroughDialog(QStringLiteral("echo hello from the agent; echo careful >&2; exec sleep 1000"));
    QTRY_COMPARE_WITH_TIMEOUT(agents()->rowCount(), 1, 5000);
    m_first = agents()->sessionAt(0);
    QTRY_COMPARE_WITH_TIMEOUT(agents()->state(m_first), std::optional(AgentState::Running), 30000);
    QCOMPARE(agents()->index(0, AgentModel::Clone).data().toInt(), clone);

    // Follow it in the Agents tab: click its row, the output streams below.
    m_window->showTab(QStringLiteral("agents"));
    QTableView *table = m_window->agentsView()->tableView();
    const QRect cell = table->visualRect(table->model()->index(0, AgentModel::Command));
    QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, cell.center());
    QCOMPARE(m_window->agentsView()->followedSession(), m_first);
    QTRY_VERIFY_WITH_TIMEOUT(
        m_window->agentsView()->stdoutView()->toPlainText().contains(QLatin1String("hello from the agent")),
        10000);
    QTRY_VERIFY_WITH_TIMEOUT(
        m_window->agentsView()->stderrView()->toPlainText().contains(QLatin1String("careful")), 10000);
    QTRY_COMPARE_WITH_TIMEOUT(agentColumn(clone), AgentModel::stateText(AgentState::Running), 5000);
    QCOMPARE(m_console->core().settings()->agentCommand(),
             QStringLiteral("echo hello from the agent; echo careful >&2; exec sleep 1000"));
}

void TestAgentsGui::stopAndRestartTheAgent()
{
    QVERIFY(m_first != 0);
    const int clone = agents()->index(0, AgentModel::Clone).data().toInt();
    // Stop from the Agents tab, with its row selected.
    m_window->showTab(QStringLiteral("agents"));
    m_window->agentsView()->selectSession(m_first);
    m_window->agentCommands()->stopAction()->trigger();
    QTRY_COMPARE_WITH_TIMEOUT(agents()->state(m_first), std::optional(AgentState::Exited), 15000);
    QTRY_COMPARE_WITH_TIMEOUT(agentColumn(clone), AgentModel::stateText(AgentState::Exited), 5000);
    QVERIFY(m_window->agentsView()->stdoutView()->toPlainText().contains(
        QLatin1String("hello from the agent"))); // still there

    // Restart from the membership tree: the clone's newest session runs again, as a new row.
    selectClones({clone});
    m_window->agentCommands()->restartAction()->trigger();
    QTRY_COMPARE_WITH_TIMEOUT(agents()->rowCount(), 2, 10000);
    const AgentSessionId second = agents()->newestSessionOn(clone);
    QVERIFY(second != m_first);
    QTRY_COMPARE_WITH_TIMEOUT(agents()->state(second), std::optional(AgentState::Running), 30000);
    QTRY_VERIFY_WITH_TIMEOUT(
        agents()->lines(second, AgentStream::Stdout).contains(QStringLiteral("hello from the agent")), 10000);
    // Restart while running: stopped, then launched again once it has ended.
    m_window->agentCommands()->restartAction()->trigger();
    QTRY_COMPARE_WITH_TIMEOUT(agents()->rowCount(), 3, 20000);
    const AgentSessionId third = agents()->newestSessionOn(clone);
    QTRY_COMPARE_WITH_TIMEOUT(agents()->state(second), std::optional(AgentState::Exited), 15000);
    QTRY_COMPARE_WITH_TIMEOUT(agents()->state(third), std::optional(AgentState::Running), 30000);
    m_window->agentCommands()->stopAction()->trigger();
    QTRY_COMPARE_WITH_TIMEOUT(agents()->state(third), std::optional(AgentState::Exited), 15000);
}

void TestAgentsGui::launchOnSeveralClones()
{
    const QList<int> clones = cloneDomids();
    const int before = agents()->rowCount();
    selectClones(clones);
    launchThroughDialog(QStringLiteral("echo many; exit 7"));
    QTRY_COMPARE_WITH_TIMEOUT(agents()->rowCount(), before + int(clones.size()), 10000);
    for (int row = before; row < agents()->rowCount(); ++row) {
        const AgentSessionId id = agents()->sessionAt(row);
        QTRY_COMPARE_WITH_TIMEOUT(agents()->state(id), std::optional(AgentState::Exited), 30000);
        QTRY_COMPARE_WITH_TIMEOUT(agents()->index(row, AgentModel::ExitCode).data().toInt(), 7, 5000);
        QCOMPARE(agents()->index(row, AgentModel::LastOutput).data().toString(), QStringLiteral("many"));
    }
}

void TestAgentsGui::testBenchRunsTheWholePipeline()
{
    const int domainsBefore = liveDomains();
    m_window->showTab(QStringLiteral("testbench"));
    TestBenchView *bench = m_window->testBench();
    auto *command = bench->findChild<QLineEdit *>(QStringLiteral("command"));
    command->clear();
    QTest::keyClicks(command, QStringLiteral("echo hello"));
    QSignalSpy finished(bench, &TestBenchView::runFinished);
    QTest::mouseClick(bench->findChild<QPushButton *>(QStringLiteral("run")), Qt::LeftButton);
    QVERIFY(finished.wait(90000));
    QVERIFY2(finished.first().at(0).toBool(), qPrintable(finished.first().at(2).toString()));
    QCOMPARE(finished.first().at(1).toInt(), 0);
    // Every step is in the timeline, done, with its times.
    const LaunchTimelineModel *timeline = bench->timeline();
    QCOMPARE(bench->timelineView()->model()->rowCount(), 7);
    for (int row = 0; row < timeline->rowCount(); ++row) {
        QCOMPARE(timeline->index(row, 0).data(LaunchTimelineModel::StepStateRole).toInt(),
                 int(LaunchPipeline::StepState::Succeeded));
        QVERIFY(timeline->index(row, LaunchTimelineModel::Duration)
                    .data(LaunchTimelineModel::SortRole)
                    .toLongLong() >= 0);
        QVERIFY(!timeline->index(row, LaunchTimelineModel::Started).data().toString().isEmpty());
    }
    QVERIFY(timeline->index(0, LaunchTimelineModel::Output)
                .data()
                .toString()
                .contains(QLatin1String("granted 1 of 1")));
    QVERIFY(bench->outputView()->toPlainText().contains(QLatin1String("hello")));
    QVERIFY(bench->findChild<QLabel *>(QStringLiteral("benchStatus"))->text().contains(QLatin1String("0")));
    QTRY_COMPARE_WITH_TIMEOUT(liveDomains(), domainsBefore, 10000); // torn down
}

void TestAgentsGui::testBenchStepByStep()
{
    const int domainsBefore = liveDomains();
    TestBenchView *bench = m_window->testBench();
    auto *step = bench->findChild<QPushButton *>(QStringLiteral("step"));
    QSignalSpy finished(bench, &TestBenchView::runFinished);
    const LaunchPipeline *previous = bench->pipeline();
    QTest::mouseClick(step, Qt::LeftButton); // starts, and pauses after the first step
    QTRY_VERIFY_WITH_TIMEOUT(bench->pipeline() && bench->pipeline() != previous, 10000);
    for (int next = 1; next <= 6; ++next) {
        QTRY_VERIFY2_WITH_TIMEOUT(bench->isPaused() && step->isEnabled(),
                                  qPrintable(QStringLiteral("no pause before step %1").arg(next)), 30000);
        QCOMPARE(bench->pipeline()->steps()[next - 1].state, LaunchPipeline::StepState::Succeeded);
        QCOMPARE(bench->timeline()->index(next, 0).data(LaunchTimelineModel::StepStateRole).toInt(),
                 int(LaunchPipeline::StepState::Pending)); // nothing runs until told
        QTest::mouseClick(step, Qt::LeftButton);           // Next step
    }
    QVERIFY(finished.count() == 1 || finished.wait(30000));
    QVERIFY2(finished.first().at(0).toBool(), qPrintable(finished.first().at(2).toString()));
    QTRY_COMPARE_WITH_TIMEOUT(liveDomains(), domainsBefore, 10000);
}

void TestAgentsGui::testBenchTearsDownInOneClick()
{
    const int domainsBefore = liveDomains();
    TestBenchView *bench = m_window->testBench();
    auto *command = bench->findChild<QLineEdit *>(QStringLiteral("command"));
    command->setText(QStringLiteral("echo up; exec sleep 1000"));
    QSignalSpy finished(bench, &TestBenchView::runFinished);
    QTest::mouseClick(bench->findChild<QPushButton *>(QStringLiteral("run")), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(bench->outputView()->toPlainText().contains(QLatin1String("up")), 60000);
    QCOMPARE(liveDomains(), domainsBefore + 1);
    QTest::mouseClick(bench->findChild<QPushButton *>(QStringLiteral("tearDown")), Qt::LeftButton);
    QVERIFY(finished.wait(30000));
    QCOMPARE(finished.first().at(0).toBool(), false); // cancelled
    QCOMPARE(bench->timeline()->index(6, 0).data(LaunchTimelineModel::StepStateRole).toInt(),
             int(LaunchPipeline::StepState::Succeeded)); // the teardown itself worked
    QTRY_COMPARE_WITH_TIMEOUT(liveDomains(), domainsBefore, 10000);
}

void TestAgentsGui::testBenchSavesAndLoadsProfiles()
{
    TestBenchView *bench = m_window->testBench();
    LaunchProfile profile = bench->profile();
    profile.count = 3;
    profile.command = QStringLiteral("make -j4 test");
    profile.hostKeyPolicy = QStringLiteral("trust-on-first-use");
    profile.teardown = LaunchProfile::Teardown::Kill;
    bench->setProfile(profile);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("profile.json"));
    QVERIFY(bench->saveProfile(path).ok());
    bench->setProfile(LaunchProfile{});
    QCOMPARE(bench->profile().command, LaunchProfile{}.command);
    QVERIFY(bench->loadProfile(path).ok());
    QCOMPARE(bench->profile().count, 3);
    QCOMPARE(bench->profile().command, QStringLiteral("make -j4 test"));
    QCOMPARE(bench->profile().hostKeyPolicy, QStringLiteral("trust-on-first-use"));
    QCOMPARE(bench->profile().teardown, LaunchProfile::Teardown::Kill);
    QFile broken(dir.filePath(QStringLiteral("broken.json")));
    QVERIFY(broken.open(QIODevice::WriteOnly));
    broken.write(R"({"count": -4})");
    broken.close();
    QVERIFY(!bench->loadProfile(broken.fileName()).ok());
    QCOMPARE(bench->profile().count, 3); // a bad file changes nothing
}

void TestAgentsGui::preferencesWarnAboutInsecureAndSave()
{
    ConsoleSettings *settings = m_console->core().settings();
    m_window->preferencesAction()->trigger();
    PreferencesDialog *dialog = nullptr;
    QTRY_VERIFY_WITH_TIMEOUT((dialog = m_window->findChild<PreferencesDialog *>()) && dialog->isVisible(),
                             5000);
    auto *policy = dialog->findChild<QComboBox *>(QStringLiteral("hostKeyPolicy"));
    auto *warning = dialog->findChild<QLabel *>(QStringLiteral("insecureWarning"));
    QCOMPARE(policy->currentData().toString(), QStringLiteral("lineage"));
    QVERIFY(!warning->isVisible());
    policy->setCurrentIndex(policy->findData(QStringLiteral("insecure")));
    QVERIFY(warning->isVisible());
    auto *language = dialog->findChild<QComboBox *>(QStringLiteral("language"));
    language->setCurrentIndex(language->findData(QStringLiteral("de")));
    dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok)->click();
    QTRY_VERIFY_WITH_TIMEOUT(!m_window->findChild<PreferencesDialog *>(), 5000);
    QCOMPARE(settings->hostKeyPolicy(), QStringLiteral("insecure"));
    QCOMPARE(settings->language(), QStringLiteral("de"));
    QCOMPARE(ConsoleSettings(settings->fileName()).hostKeyPolicy(), QStringLiteral("insecure")); // on disk
    settings->setHostKeyPolicy(QStringLiteral("lineage"));
}

// A clone's record names its address as soon as the platform plans it, its SSH port only once
// its VM runs: a launch on a clone the console has just seen waits for the port (it used to
// connect to port 0 and fail, now and then, when a test or an operator was quick).
void TestAgentsGui::launchOnACloneSeenBeforeItRuns()
{
    const QList<int> before = cloneDomids();
    const ClusterMirror *mirror = m_console->core().mirror();
    QList<int> launched;
    int seenWithoutPort = 0;
    connect(mirror, &ClusterMirror::domainAdded, this, [&](const DomainInfo &domain) {
        if (domain.role != DomainRole::Clone || before.contains(domain.domid))
            return;
        seenWithoutPort += domain.sshPort == 0;
        launched.append(domain.domid);
        AgentLauncher::Request request;
        request.command = QStringLiteral("echo early");
        m_console->core().agentLauncher()->launch({domain.domid}, request);
    });
    QSignalSpy failed(m_console->core().agentLauncher(), &AgentLauncher::launchFailed);
    const int rows = agents()->rowCount();
    m_console->core().operations()->spawn(1, {2, 1, 128, 0});
    QTRY_COMPARE_WITH_TIMEOUT(launched.size(), 2, 20000);
    QTRY_COMPARE_WITH_TIMEOUT(agents()->rowCount(), rows + 2, 30000);
    for (int row = rows; row < agents()->rowCount(); ++row) {
        const AgentSessionId id = agents()->sessionAt(row);
        QTRY_COMPARE_WITH_TIMEOUT(agents()->state(id), std::optional(AgentState::Exited), 30000);
        QCOMPARE(agents()->index(row, AgentModel::ExitCode).data().toInt(), 0);
        QCOMPARE(agents()->index(row, AgentModel::LastOutput).data().toString(), QStringLiteral("early"));
    }
    QCOMPARE(failed.count(), 0);
    qInfo("%d of 2 clones were seen before their SSH port was known", seenWithoutPort);
    disconnect(mirror, &ClusterMirror::domainAdded, this, nullptr);
}

QTEST_MAIN(TestAgentsGui)
#include "test_agents_gui.moc"
