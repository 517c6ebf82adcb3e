// The launcher pipeline end to end against a real clonedeckd and its sandbox
// VMs, through one PlatformGateway: every step with timing and output, teardown after
// success, failure and cancel, step-by-step mode; cancelled while its ticket waits for
// capacity it ends at once and the grant that comes later is released.
#include "AgentSessionManager.h"
#include "HostKeyPolicyRegistry.h"
#include "LaunchPipeline.h"
#include "PlatformClient.h"
#include "PlatformFixture.h"
#include "PlatformGateway.h"
#include "XenstoreConnection.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace clonedeck;
using namespace clonedeck::test;

class TestLaunchPipeline : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();
    void runsTheWholeFlowAndTearsDown();
    void stepByStepPausesAfterEachStep();
    void failedStepTearsDownWhatWasBuilt();
    void cancelDuringRunStopsAgentAndTearsDown();
    void cancelWhileTheTicketWaitsEndsAtOnce();

private:
    std::unique_ptr<LaunchPipeline> makePipeline(const LaunchProfile &profile);
    int liveClones();
    QList<TicketInfo> tickets();

    PlatformFixture m_platform;
    QTemporaryDir m_config;
    std::unique_ptr<HostKeyPolicyRegistry> m_policies;
    std::unique_ptr<AgentSessionManager> m_sessions;
    std::unique_ptr<PlatformGateway> m_gateway;
};

void TestLaunchPipeline::initTestCase()
{
    PlatformFixture::Options options;
    options.hosts = QStringLiteral("host1:4:8192");
    const QString error = m_platform.start(options);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    m_policies = std::make_unique<HostKeyPolicyRegistry>(
        HostKeyPolicySettings{m_config.path() + QStringLiteral("/pins.ini"), {}});
    auto policy = m_policies->policy(QStringLiteral("lineage"));
    QVERIFY(policy.ok());
    m_sessions = std::make_unique<AgentSessionManager>(*policy);
    m_gateway = std::make_unique<PlatformGateway>();
    m_gateway->open(m_platform.socketPath());
}

void TestLaunchPipeline::cleanupTestCase()
{
    m_gateway.reset();
    m_sessions.reset();
    m_platform.stop();
}

std::unique_ptr<LaunchPipeline> TestLaunchPipeline::makePipeline(const LaunchProfile &profile)
{
    return std::make_unique<LaunchPipeline>(
        LaunchServices{m_gateway.get(), m_sessions.get(), m_policies.get(), nullptr},
        LaunchPipeline::Endpoint{1, m_platform.clientKey()}, profile);
}

// Seen by an observer of its own (libxenstore, as clonectl), not through the code under test.
int TestLaunchPipeline::liveClones()
{
    auto connection = XenstoreConnection::open(m_platform.socketPath());
    if (!connection)
        return -1;
    const auto domains = PlatformClient(**connection, 1).domains();
    return domains ? int(domains->size()) - 1 : -1;
}

QList<TicketInfo> TestLaunchPipeline::tickets()
{
    auto connection = XenstoreConnection::open(m_platform.socketPath());
    if (!connection)
        return {};
    const auto tickets = PlatformClient(**connection, 1).tickets();
    return tickets ? *tickets : QList<TicketInfo>{};
}

void TestLaunchPipeline::runsTheWholeFlowAndTearsDown()
{
    LaunchProfile profile;
    profile.command = QStringLiteral("sh agent.sh");
    auto pipeline = makePipeline(profile);
    QSignalSpy finished(pipeline.get(), &LaunchPipeline::finished);
    QByteArray output;
    connect(pipeline.get(), &LaunchPipeline::agentOutput, this,
            [&](AgentStream, const QByteArray &data) { output += data; });
    pipeline->writeStdin("build pipeline\nexit 3\n"); // buffered until the agent runs
    pipeline->start();
    QVERIFY(finished.wait(60000));
    QCOMPARE(finished.first().at(1).toInt(), 3); // the agent's exit status
    QVERIFY2(output.contains("built pipeline"), output.constData());
    for (const LaunchPipeline::StepRecord &step : pipeline->steps()) {
        QVERIFY2(step.state == LaunchPipeline::StepState::Succeeded,
                 qPrintable(LaunchPipeline::stepName(step.step) + QStringLiteral(": ") + step.output));
        QVERIFY(step.durationMs() >= 0);
    }
    QVERIFY(pipeline->steps().first().output.contains(QLatin1String("granted 1 of 1")));
    QTRY_COMPARE_WITH_TIMEOUT(liveClones(), 0, 10000);
}

void TestLaunchPipeline::stepByStepPausesAfterEachStep()
{
    LaunchProfile profile;
    profile.command = QStringLiteral("echo hello");
    auto pipeline = makePipeline(profile);
    QSignalSpy paused(pipeline.get(), &LaunchPipeline::paused);
    QSignalSpy finished(pipeline.get(), &LaunchPipeline::finished);
    pipeline->start(true);
    for (int next = 1; next <= 6; ++next) {
        QVERIFY2(paused.wait(30000), qPrintable(QStringLiteral("no pause before step %1").arg(next)));
        QCOMPARE(paused.last().at(0).toInt(), next);
        QCOMPARE(pipeline->steps()[next - 1].state, LaunchPipeline::StepState::Succeeded);
        QCOMPARE(pipeline->steps()[next].state,
                 LaunchPipeline::StepState::Pending); // nothing runs until told
        pipeline->proceed();
    }
    QVERIFY(finished.wait(30000));
    QCOMPARE(finished.first().at(0).toBool(), true);
    QTRY_COMPARE_WITH_TIMEOUT(liveClones(), 0, 10000);
}

void TestLaunchPipeline::failedStepTearsDownWhatWasBuilt()
{
    // More memory than any host has: nothing fits, EBUSY after the timeout, nothing left behind.
    LaunchProfile profile;
    profile.memoryMb = 100000;
    profile.ticketTimeoutMs = 300;
    auto pipeline = makePipeline(profile);
    QSignalSpy finished(pipeline.get(), &LaunchPipeline::finished);
    pipeline->start();
    QVERIFY(finished.wait(30000));
    QCOMPARE(finished.first().at(0).toBool(), false);
    QVERIFY(finished.first().at(2).toString().contains(QLatin1String("EBUSY")));
    QCOMPARE(pipeline->steps()[0].state, LaunchPipeline::StepState::Failed);
    QCOMPARE(pipeline->steps()[1].state, LaunchPipeline::StepState::Skipped);
    QCOMPARE(liveClones(), 0);
}

void TestLaunchPipeline::cancelDuringRunStopsAgentAndTearsDown()
{
    LaunchProfile profile;
    profile.command = QStringLiteral("echo started; exec sleep 1000");
    auto pipeline = makePipeline(profile);
    QSignalSpy finished(pipeline.get(), &LaunchPipeline::finished);
    bool sawStart = false;
    connect(pipeline.get(), &LaunchPipeline::agentOutput, this, [&](AgentStream, const QByteArray &data) {
        if (data.contains("started"))
            sawStart = true;
    });
    pipeline->start();
    QTRY_VERIFY_WITH_TIMEOUT(sawStart, 30000);
    QCOMPARE(liveClones(), 1);
    pipeline->cancel();
    QVERIFY(finished.wait(30000));
    QCOMPARE(finished.first().at(0).toBool(), false);
    QCOMPARE(pipeline->steps().last().state, LaunchPipeline::StepState::Succeeded); // teardown itself worked
    QTRY_COMPARE_WITH_TIMEOUT(liveClones(), 0, 10000);
}

void TestLaunchPipeline::cancelWhileTheTicketWaitsEndsAtOnce()
{
    // Every free vCPU held by another ticket: the pipeline's request waits for capacity.
    const CommandResult blocker =
        m_platform.clonectl({QStringLiteral("rt"), QStringLiteral("100"), QStringLiteral("1"),
                             QStringLiteral("16"), QStringLiteral("0")});
    QCOMPARE(blocker.exitCode, 0);
    const QString blockerTicket = QString::fromLatin1(blocker.out.split(' ').value(1).trimmed());
    LaunchProfile profile;
    profile.ticketTimeoutMs = 60000;
    auto pipeline = makePipeline(profile);
    QSignalSpy finished(pipeline.get(), &LaunchPipeline::finished);
    pipeline->start();
    const auto pending = [&] {
        const QList<TicketInfo> all = tickets();
        return std::any_of(all.begin(), all.end(),
                           [](const TicketInfo &t) { return t.state == TicketState::Pending; });
    };
    QTRY_VERIFY_WITH_TIMEOUT(pending(), 10000);
    pipeline->cancel();
    // Ends without waiting for the platform's answer (which could take the request's whole minute).
    QVERIFY(finished.count() == 1 || finished.wait(5000));
    QCOMPARE(pipeline->outcome(), LaunchPipeline::Outcome::Cancelled);
    QCOMPARE(pipeline->steps()[0].state, LaunchPipeline::StepState::Failed);
    // Capacity returns: the platform grants the request after all, and the grant is let go.
    QCOMPARE(m_platform.clonectl({QStringLiteral("release"), blockerTicket}).exitCode, 0);
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            const QList<TicketInfo> all = tickets();
            return !all.isEmpty() && std::all_of(all.begin(), all.end(), [](const TicketInfo &t) {
                return t.state != TicketState::Pending && t.state != TicketState::Granted;
            });
        }(),
        15000);
}

QTEST_GUILESS_MAIN(TestLaunchPipeline)
#include "test_launch_pipeline.moc"
