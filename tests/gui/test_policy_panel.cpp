// The console's Policy tab driving the real platform through PolicyManager: a policy saved in the
// store is enabled from the panel, the manual demand box grows the cluster and the
// timeline shows each decision with its reason; dry run shows decisions and creates
// nothing; disabling ends every clone the policy started; an enabled policy starts again
// from the store when a new console starts (the shipped start-up, not the test, starts it).
#include "ClusterMirror.h"
#include "ConsoleCore.h"
#include "ConsoleHarness.h"
#include "MainWindow.h"
#include "PlatformFixture.h"
#include "PolicyDecisionModel.h"
#include "PolicyEditor.h"
#include "PolicyManager.h"
#include "PolicyMonitor.h"

#include <QAbstractItemModelTester>
#include <QCheckBox>
#include <QLabel>
#include <QSpinBox>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace clonedeck;
using namespace clonedeck::test;

namespace {
// The console as main() wires it, on its Policy tab.
struct Console
{
    ConsoleHarness harness;
    PolicyEditor *editor = nullptr;
    PolicyMonitor *monitor = nullptr;
    PolicyManager *policies = nullptr;

    Console(const PlatformFixture &platform, const QString &stateDir)
        : harness(platform.socketPath(), stateDir)
    {
        policies = harness.core().policies();
        harness.window()->showTab(QStringLiteral("policy"));
        editor = harness.window()->findChild<PolicyEditor *>();
        monitor = harness.window()->findChild<PolicyMonitor *>();
    }
    bool start() { return editor != nullptr && monitor != nullptr && harness.start().isEmpty(); }
    int clones() const
    {
        const auto &domains = harness.core().mirror()->domains();
        return int(std::count_if(domains.begin(), domains.end(),
                                 [](const DomainInfo &d) { return d.role == DomainRole::Clone; }));
    }
    int timelineRows(const QString &decision) const
    {
        QAbstractItemModel *model = monitor->timelineView()->model();
        int rows = 0;
        for (int row = 0; row < model->rowCount(); ++row)
            rows += model->index(row, PolicyDecisionModel::Decision).data().toString() == decision;
        return rows;
    }
};

PolicyConfig quickPolicy(const QString &cluster)
{
    PolicyConfig config;
    config.cluster = cluster;
    config.inDemandDelayMs = 100;
    config.idleDelayMs = 200;
    config.coolDownMs = 50;
    config.maxPerStep = 2;
    config.maxClones = 3;
    config.profile.command = QStringLiteral("echo up; exec sleep 600");
    config.profile.memoryMb = 64;
    return config;
}
} // namespace

class TestPolicyPanel : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void panelGrowsAndShrinksTheCluster();
    void dryRunShowsDecisionsOnly();
    void enabledPolicySurvivesRestart();

private:
    PlatformFixture m_platform;
    QTemporaryDir m_config;
};

void TestPolicyPanel::initTestCase()
{
    PlatformFixture::Options options;
    options.hosts = QStringLiteral("host1:16:65536");
    const QString error = m_platform.start(options);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QVERIFY(m_config.isValid());
}

void TestPolicyPanel::panelGrowsAndShrinksTheCluster()
{
    Console console(m_platform, m_config.path());
    QVERIFY(console.start());
    QAbstractItemModelTester tester(console.monitor->timelineView()->model(),
                                    QAbstractItemModelTester::FailureReportingMode::QtTest);
    QVERIFY(console.policies->save(quickPolicy(QStringLiteral("farm"))));
    console.editor->selectCluster(QStringLiteral("farm"));
    QVERIFY(console.monitor->statusLabel()->text().contains(QStringLiteral("disabled")));

    QTest::mouseClick(console.editor->enabledBox(), Qt::LeftButton);
    QVERIFY(console.policies->engine(QStringLiteral("farm")) != nullptr);
    console.editor->manualDemandBox()->setValue(3);
    QTRY_COMPARE_WITH_TIMEOUT(console.policies->engine(QStringLiteral("farm"))->running(), 3, 60000);
    QCOMPARE(console.clones(), 3);
    QVERIFY(console.timelineRows(QStringLiteral("scale-up")) >= 2); // 2 per step at most: at least two steps
    QTRY_VERIFY(console.monitor->statusLabel()->text().contains(QStringLiteral("running 3")));

    console.editor->manualDemandBox()->setValue(0);
    QTRY_COMPARE_WITH_TIMEOUT(console.clones(), 0, 60000);
    QVERIFY(console.timelineRows(QStringLiteral("scale-down")) >= 1);

    // Disabling while it runs ends what it started.
    console.editor->manualDemandBox()->setValue(1);
    QTRY_COMPARE_WITH_TIMEOUT(console.clones(), 1, 60000);
    QTest::mouseClick(console.editor->enabledBox(), Qt::LeftButton);
    QCOMPARE(console.policies->engine(QStringLiteral("farm")), nullptr);
    QTRY_COMPARE_WITH_TIMEOUT(console.clones(), 0, 60000);
    QVERIFY(!console.policies->config(QStringLiteral("farm"))->enabled);
}

void TestPolicyPanel::dryRunShowsDecisionsOnly()
{
    Console console(m_platform, m_config.path());
    QVERIFY(console.start());
    PolicyConfig config = quickPolicy(QStringLiteral("dry"));
    config.dryRun = true;
    config.enabled = true;
    config.manualDemand = 2;
    QVERIFY(console.policies->save(config));
    console.editor->selectCluster(QStringLiteral("dry"));
    QVERIFY(console.editor->dryRunBox()->isChecked());
    QTRY_VERIFY_WITH_TIMEOUT(console.timelineRows(QStringLiteral("scale-up")) >= 1, 10000);
    QAbstractItemModel *model = console.monitor->timelineView()->model();
    for (int row = 0; row < model->rowCount(); ++row) {
        if (model->index(row, PolicyDecisionModel::Decision).data() == QStringLiteral("scale-up"))
            QCOMPARE(model->index(row, PolicyDecisionModel::Outcome).data().toString(),
                     QStringLiteral("shown only"));
    }
    QVERIFY(console.monitor->statusLabel()->text().contains(QStringLiteral("DRY RUN")));
    QCOMPARE(console.clones(), 0);
    QVERIFY(console.policies->setEnabled(QStringLiteral("dry"), false));
}

void TestPolicyPanel::enabledPolicySurvivesRestart()
{
    PolicyConfig config = quickPolicy(QStringLiteral("kept"));
    config.enabled = true;
    config.manualDemand = 1;
    {
        Console first(m_platform, m_config.path());
        QVERIFY(first.start());
        QVERIFY(first.policies->save(config));
        QTRY_COMPARE_WITH_TIMEOUT(first.clones(), 1, 60000);
        first.policies->engine(QStringLiteral("kept"))->stop();
        QTRY_COMPARE_WITH_TIMEOUT(first.clones(), 0, 60000);
    }
    Console second(m_platform, m_config.path());
    QVERIFY(second.start());
    QVERIFY(second.policies->clusters().contains(QStringLiteral("kept")));
    QVERIFY(second.policies->engine(QStringLiteral("kept")) != nullptr); // started by the start-up
    QTRY_COMPARE_WITH_TIMEOUT(second.clones(), 1, 60000);
    QVERIFY(second.policies->setEnabled(QStringLiteral("kept"), false));
    QTRY_COMPARE_WITH_TIMEOUT(second.clones(), 0, 60000);
}

QTEST_MAIN(TestPolicyPanel)
#include "test_policy_panel.moc"
