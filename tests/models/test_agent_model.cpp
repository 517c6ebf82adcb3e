// AgentModel: valid for QAbstractItemModelTester and incremental (a row inserted on
// launch, one dataChanged for exactly the changed row per change, never a reset), first
// driven directly, then following a real AgentSessionManager running agents on a real
// clonedeckd's sandbox clone (the lineage host-key policy on a private pin file).
// LaunchTimelineModel: one dataChanged per step update.
#include "AgentModel.h"
#include "AgentSessionManager.h"
#include "HostKeyPolicyRegistry.h"
#include "LaunchTimelineModel.h"
#include "PlatformClient.h"
#include "PlatformFixture.h"
#include "XenstoreConnection.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace clonedeck;
using namespace clonedeck::test;

namespace {
AgentTarget target(int domid)
{
    AgentTarget t;
    t.cluster = QStringLiteral("default");
    t.masterDomid = 1;
    t.domid = domid;
    t.address = QStringLiteral("127.77.0.%1").arg(domid);
    return t;
}

// The text a list of lines holds, two bytes a character.
qint64 textBytes(const QStringList &lines)
{
    qint64 bytes = 0;
    for (const QString &line : lines)
        bytes += line.size() * qint64(sizeof(QChar));
    return bytes;
}

// Every dataChanged of the spy covers a single row.
bool singleRows(const QSignalSpy &spy)
{
    for (const QList<QVariant> &arguments : spy) {
        if (arguments.at(0).toModelIndex().row() != arguments.at(1).toModelIndex().row())
            return false;
    }
    return true;
}
} // namespace

class TestAgentModel : public QObject
{
    Q_OBJECT
private slots:
    void rowsInsertedOnLaunchAndChangedInPlace();
    void outputBurstIsCoalescedPerRange();
    void domainStateFollowsNewestSession();
    void timelineChangesOneRowPerStep();
    void followsRealSessionsOnAClone();
    void retentionHoldsUnderAFlood();
};

void TestAgentModel::rowsInsertedOnLaunchAndChangedInPlace()
{
    AgentModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    model.addSession(1, target(2), QStringLiteral("sh agent.sh"));
    model.addSession(2, target(3), QStringLiteral("make"));
    model.addSession(3, target(4), QStringLiteral("make"));
    QCOMPARE(inserted.count(), 3);
    QCOMPARE(model.rowCount(), 3);

    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    const QDateTime at = QDateTime::currentDateTimeUtc();
    model.changeState(2, AgentState::Connecting, QStringLiteral("refused; retrying in 100 ms"), at);
    QCOMPARE(changed.count(), 1);
    QCOMPARE(changed.first().at(0).toModelIndex().row(), 1);
    QCOMPARE(changed.first().at(1).toModelIndex().row(), 1);
    QCOMPARE(model.index(1, AgentModel::Retries).data().toInt(), 1);
    model.changeState(2, AgentState::Running, QStringLiteral("make"), at);
    QCOMPARE(changed.count(), 2);
    QCOMPARE(model.index(1, AgentModel::State).data(AgentModel::StateRole).toInt(), int(AgentState::Running));
    AgentExit exit;
    exit.exitCode = 3;
    exit.statusKnown = true;
    model.changeState(2, AgentState::Exited, QStringLiteral("exit 3"), at);
    model.setExit(2, exit);
    QCOMPARE(changed.count(), 4);
    QCOMPARE(model.index(1, AgentModel::ExitCode).data().toInt(), 3);
    QVERIFY(singleRows(changed));
    QCOMPARE(reset.count(), 0);
    QCOMPARE(inserted.count(), 3);
    QCOMPARE(model.index(1, AgentModel::Since).data(AgentModel::SortRole).toLongLong(),
             at.toMSecsSinceEpoch());
}

void TestAgentModel::outputBurstIsCoalescedPerRange()
{
    AgentModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setCoalescingMs(50);
    for (AgentSessionId id = 1; id <= 4; ++id)
        model.addSession(id, target(int(id) + 1), QStringLiteral("chatty"));
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QSignalSpy lines(&model, &AgentModel::lineAppended);
    for (int i = 0; i < 100; ++i) {
        for (AgentSessionId id : {1, 2, 4})
            model.appendLine(id, AgentStream::Stdout, QStringLiteral("line %1").arg(i));
    }
    QCOMPARE(lines.count(), 300);                        // streamed at once
    QTRY_COMPARE_WITH_TIMEOUT(changed.count(), 2, 5000); // rows 0-1 and row 3, once each
    QCOMPARE(changed.at(0).at(0).toModelIndex().row(), 0);
    QCOMPARE(changed.at(0).at(1).toModelIndex().row(), 1);
    QCOMPARE(changed.at(1).at(0).toModelIndex().row(), 3);
    QCOMPARE(model.index(3, AgentModel::LastOutput).data().toString(), QStringLiteral("line 99"));
    QCOMPARE(model.lines(2, AgentStream::Stdout).size(), 100);
    QVERIFY(model.lines(3, AgentStream::Stdout).isEmpty());
}

void TestAgentModel::domainStateFollowsNewestSession()
{
    AgentModel model;
    QSignalSpy domainState(&model, &AgentModel::domainAgentStateChanged);
    const QDateTime at = QDateTime::currentDateTimeUtc();
    model.addSession(1, target(5), QStringLiteral("a"));
    model.changeState(1, AgentState::Running, QStringLiteral("a"), at);
    model.addSession(2, target(5), QStringLiteral("b"));                     // a restart
    model.changeState(1, AgentState::Exited, QStringLiteral("stopped"), at); // the old one ends late
    QCOMPARE(domainState.last().at(0).toInt(), 5);
    QCOMPARE(domainState.last().at(1).toString(), AgentModel::stateText(AgentState::Connecting));
    QCOMPARE(model.newestSessionOn(5), AgentSessionId(2));
}

void TestAgentModel::timelineChangesOneRowPerStep()
{
    LaunchTimelineModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    AgentSessionManager sessions(nullptr);
    LaunchPipeline pipeline(LaunchServices{nullptr, &sessions, nullptr, nullptr}, {}, LaunchProfile{});
    model.follow(&pipeline);
    QCOMPARE(model.rowCount(), 7);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    LaunchPipeline::StepRecord record{
        LaunchPipeline::Step::Clone, LaunchPipeline::StepState::Succeeded, QDateTime::currentDateTimeUtc(),
        QDateTime::currentDateTimeUtc().addMSecs(42), QStringLiteral("clone domids 2")};
    model.updateStep(1, record);
    QCOMPARE(changed.count(), 1);
    QCOMPARE(changed.first().at(0).toModelIndex().row(), 1);
    QCOMPARE(model.index(1, LaunchTimelineModel::Duration).data(LaunchTimelineModel::SortRole).toLongLong(),
             42);
    QCOMPARE(model.index(1, LaunchTimelineModel::Output).data().toString(), QStringLiteral("clone domids 2"));
}

void TestAgentModel::followsRealSessionsOnAClone()
{
    PlatformFixture platform;
    const QString error = platform.start();
    QVERIFY2(error.isEmpty(), qPrintable(error));
    auto connection = XenstoreConnection::open(platform.socketPath());
    QVERIFY(connection.ok());
    PlatformClient client(**connection, 1);
    const auto grant = client.requestTicket(1, 1, 128, 0);
    QVERIFY2(grant.ok(), qPrintable(grant ? QString() : grant.error().toString()));
    const auto domids = client.clone(grant->ticket);
    QVERIFY(domids.ok());
    const auto master = client.domain(1);
    const auto clone = client.domain(domids->first());
    QVERIFY(master.ok() && clone.ok());

    QTemporaryDir config;
    HostKeyPolicyRegistry policies({config.filePath(QStringLiteral("pins.ini")), {}});
    const auto lineage = policies.policy(QStringLiteral("lineage"));
    QVERIFY(lineage.ok());
    AgentSessionManager sessions(*lineage);
    AgentModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.follow(&sessions);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);

    auto targetOf = [&](const DomainInfo &d) {
        AgentTarget t{d.cluster, d.master,           d.domid,
                      d.sshHost, quint16(d.sshPort), qEnvironmentVariable("USER", QStringLiteral("root"))};
        return t;
    };
    AgentLaunchOptions options;
    options.identityFiles = {platform.clientKey()};
    // The master first: that contact pins the key the clone must present. Probes are not rows.
    QSignalSpy probed(&sessions, &AgentSessionManager::probeFinished);
    sessions.probe(targetOf(*master), options);
    QVERIFY(probed.wait(30000));
    QVERIFY2(probed.first().at(1).toBool(), qPrintable(probed.first().at(2).value<Error>().toString()));
    QCOMPARE(model.rowCount(), 0);

    // Each signal of the session is one change of its row: count them against dataChanged.
    int changes = 0;
    AgentSessionId id = 0;
    auto count = [&](AgentSessionId from) { changes += from == id ? 1 : 0; };
    connect(&sessions, &AgentSessionManager::stateChanged, this, [&](AgentSessionId from) { count(from); });
    connect(&sessions, &AgentSessionManager::exited, this, [&](AgentSessionId from) { count(from); });
    connect(&sessions, &AgentSessionManager::hostKeyVerified, this,
            [&](AgentSessionId from) { count(from); });
    options.command = QStringLiteral("echo one; echo two; echo oops >&2; exit 4");
    auto launched = sessions.launch(targetOf(*clone), options);
    QVERIFY(launched.ok());
    id = *launched;
    model.addSession(id, targetOf(*clone), options.command); // as AgentLauncher::launched does
    QCOMPARE(inserted.count(), 1);
    QTRY_VERIFY_WITH_TIMEOUT(model.state(id) == AgentState::Exited, 30000);
    QTRY_COMPARE_WITH_TIMEOUT(model.index(0, AgentModel::ExitCode).data().toInt(), 4, 5000);
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(inserted.count(), 1);
    QCOMPARE(reset.count(), 0);
    QVERIFY(singleRows(changed));
    auto rowWide = [&] {
        int n = 0;
        for (const QList<QVariant> &arguments : changed)
            n += arguments.at(0).toModelIndex().column() == 0 ? 1 : 0;
        return n;
    };
    QVERIFY(changes >=
            6); // connecting, handshaking, authenticating, host key, starting, running, exited, exit
    QTRY_COMPARE_WITH_TIMEOUT(rowWide(), changes, 5000);
    QCOMPARE(model.lines(id, AgentStream::Stdout),
             (QStringList{QStringLiteral("one"), QStringLiteral("two")}));
    QCOMPARE(model.lines(id, AgentStream::Stderr), QStringList{QStringLiteral("oops")});
    QCOMPARE(model.index(0, AgentModel::Clone).data().toInt(), clone->domid);
}

void TestAgentModel::retentionHoldsUnderAFlood()
{
    // The documented bounds (README, "Agent output"): per stream and session 1,000 lines and
    // 128 KiB of text; the ended sessions' text together at most 16 MiB, oldest first.
    constexpr qint64 kStreamText = 128 * 1024;
    constexpr qint64 kEndedText = 16 * 1024 * 1024;
    AgentModel model;
    const QString line(4096, QLatin1Char('x')); // implicitly shared: the flood costs the test nothing
    const QDateTime at = QDateTime::currentDateTimeUtc();
    model.addSession(1, target(2), QStringLiteral("flood")); // stays live throughout
    for (AgentSessionId id = 2; id <= 201; ++id) {
        model.addSession(id, target(int(id) + 1), QStringLiteral("flood"));
        for (int i = 0; i < 100; ++i) {
            model.appendLine(id, AgentStream::Stdout, line);
            model.appendLine(id, AgentStream::Stderr, line);
            model.appendLine(1, AgentStream::Stdout, line);
        }
        model.appendLine(id, AgentStream::Stdout, QStringLiteral("newest"));
        model.changeState(id, AgentState::Exited, QStringLiteral("exit 0"), at);
    }
    qint64 ended = 0;
    for (int row = 0; row < model.rowCount(); ++row) {
        const AgentSessionId id = model.sessionAt(row);
        for (AgentStream stream : {AgentStream::Stdout, AgentStream::Stderr}) {
            const QStringList lines = model.lines(id, stream);
            QVERIFY(lines.size() <= 1000);
            QVERIFY2(textBytes(lines) <= kStreamText, qPrintable(QString::number(textBytes(lines))));
            ended += id == 1 ? 0 : textBytes(lines);
        }
    }
    QVERIFY2(ended <= kEndedText, qPrintable(QString::number(ended)));
    QVERIFY(model.rowOf(1) >= 0);   // a live session is never dropped
    QVERIFY(model.rowOf(2) < 0);    // the oldest ended one is
    QVERIFY(model.rowOf(201) >= 0); // the newest stays
    QCOMPARE(model.lines(201, AgentStream::Stdout).constLast(), QStringLiteral("newest"));
    QCOMPARE(model.lines(1, AgentStream::Stdout).constLast(), line);
}

QTEST_GUILESS_MAIN(TestAgentModel)
#include "test_agent_model.moc"
