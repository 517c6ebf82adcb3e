// The elastic policy driving the real platform end to end: demand 0 -> 5 -> 0
// grows the cluster to 5 (never more than max-per-step at once) and back to the
// minimum with no clone leaked; an agent whose clone dies is replaced while
// demand persists; EBUSY under a capacity cap is retried with backoff; dry run
// changes nothing; a queue URL on loopback is read as demand.
#include "AgentSessionManager.h"
#include "ClusterMirror.h"
#include "DemandSource.h"
#include "HostKeyPolicyRegistry.h"
#include "PlatformFixture.h"
#include "PlatformGateway.h"
#include "PolicyEngine.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

using namespace clonedeck;
using namespace clonedeck::test;

namespace {
struct Cluster
{
    PlatformFixture platform;
    QTemporaryDir config;
    std::unique_ptr<PlatformGateway> gateway;
    std::unique_ptr<ClusterMirror> mirror;
    std::unique_ptr<HostKeyPolicyRegistry> policies;
    std::unique_ptr<AgentSessionManager> sessions;

    QString start(const QString &hosts)
    {
        PlatformFixture::Options options;
        options.hosts = hosts;
        if (const QString error = platform.start(options); !error.isEmpty())
            return error;
        gateway = std::make_unique<PlatformGateway>();
        mirror = std::make_unique<ClusterMirror>(gateway.get());
        policies = std::make_unique<HostKeyPolicyRegistry>(
            HostKeyPolicySettings{config.path() + QStringLiteral("/pins.ini"), {}});
        sessions = std::make_unique<AgentSessionManager>(*policies->policy(QStringLiteral("lineage")));
        QSignalSpy loaded(mirror.get(), &ClusterMirror::loaded);
        gateway->open(platform.socketPath());
        mirror->start();
        return loaded.wait(10000) ? QString() : QStringLiteral("mirror did not load");
    }
    int clones() const
    {
        return int(std::count_if(mirror->domains().begin(), mirror->domains().end(),
                                 [](const DomainInfo &d) { return d.role == DomainRole::Clone; }));
    }
    std::unique_ptr<PolicyEngine> engine(const PolicyConfig &config, ManualDemandSource **manual)
    {
        auto source = std::make_unique<ManualDemandSource>(0);
        *manual = source.get();
        return std::make_unique<PolicyEngine>(
            config, LaunchServices{gateway.get(), sessions.get(), policies.get(), mirror.get()},
            platform.clientKey(), std::move(source));
    }
};

PolicyConfig quickConfig()
{
    PolicyConfig config;
    config.inDemandDelayMs = 200;
    config.idleDelayMs = 300;
    config.coolDownMs = 100;
    config.maxPerStep = 2;
    config.maxClones = 5;
    config.profile.command = QStringLiteral("echo up; exec sleep 600");
    config.profile.memoryMb = 64;
    return config;
}
} // namespace

class TestPolicyEngine : public QObject
{
    Q_OBJECT
private slots:
    void demandRisesAndFalls();
    void ebusyUnderCapIsRetried();
    void dryRunChangesNothing();
    void orphanIsReapedWithinSeconds();
    void queueUrlIsReadAsDemand();
};

void TestPolicyEngine::demandRisesAndFalls()
{
    Cluster cluster;
    QString error = cluster.start(QStringLiteral("host1:16:65536"));
    QVERIFY2(error.isEmpty(), qPrintable(error));
    ManualDemandSource *demand = nullptr;
    auto engine = cluster.engine(quickConfig(), &demand);
    int maxStep = 0;
    connect(engine.get(), &PolicyEngine::decided, this, [&](const PolicyDecision &d) {
        if (d.kind == PolicyDecision::Kind::ScaleUp)
            maxStep = std::max(maxStep, d.count);
    });
    engine->start();
    QCOMPARE(cluster.clones(), 0);

    demand->setDemand(5);
    QTRY_COMPARE_WITH_TIMEOUT(engine->running(), 5, 60000);
    QCOMPARE(cluster.clones(), 5);
    QVERIFY(maxStep <= 2);

    // An agent whose clone dies is replaced while demand persists.
    const int victim = std::find_if(cluster.mirror->domains().begin(), cluster.mirror->domains().end(),
                                    [](const DomainInfo &d) { return d.role == DomainRole::Clone; })
                           ->domid;
    QCOMPARE(cluster.platform.clonectl({QStringLiteral("kill"), QString::number(victim)}).exitCode, 0);
    QTRY_VERIFY_WITH_TIMEOUT(!cluster.mirror->domains().contains(victim), 10000);
    QTRY_COMPARE_WITH_TIMEOUT(engine->running(), 5, 60000);

    demand->setDemand(0);
    QTRY_COMPARE_WITH_TIMEOUT(cluster.clones(), 0, 60000); // back to the minimum, nothing leaked
    QTRY_COMPARE_WITH_TIMEOUT(engine->active(), 0, 10000);
    for (const PolicyDecision &decision : engine->decisions())
        qInfo("%s", qPrintable(decision.toString()));
}

void TestPolicyEngine::ebusyUnderCapIsRetried()
{
    Cluster cluster;
    QString error = cluster.start(QStringLiteral("host1:3:65536")); // master 1 vCPU: room for 2 clones
    QVERIFY2(error.isEmpty(), qPrintable(error));
    PolicyConfig config = quickConfig();
    config.profile.ticketTimeoutMs = 100;
    ManualDemandSource *demand = nullptr;
    auto engine = cluster.engine(config, &demand);
    QElapsedTimer elapsed;
    elapsed.start();
    engine->start();
    demand->setDemand(4);
    QTRY_VERIFY_WITH_TIMEOUT(
        std::any_of(engine->decisions().begin(), engine->decisions().end(),
                    [](const PolicyDecision &d) { return d.kind == PolicyDecision::Kind::Retry; }),
        30000);
    QTRY_COMPARE_WITH_TIMEOUT(engine->running(), 2, 30000);
    // Backoff, not a spin: a round of at most max-per-step launches can fail together, and rounds
    // come at most every 500 ms (doubling), far fewer than a spinning loop would make.
    const auto retries =
        std::count_if(engine->decisions().begin(), engine->decisions().end(),
                      [](const PolicyDecision &d) { return d.kind == PolicyDecision::Kind::Retry; });
    QVERIFY2(retries <= config.maxPerStep * (1 + elapsed.elapsed() / 500),
             qPrintable(QString::number(retries)));
    engine->stop();
    QTRY_COMPARE_WITH_TIMEOUT(cluster.clones(), 0, 30000);
}

void TestPolicyEngine::dryRunChangesNothing()
{
    Cluster cluster;
    QString error = cluster.start(QStringLiteral("host1:16:65536"));
    QVERIFY2(error.isEmpty(), qPrintable(error));
    PolicyConfig config = quickConfig();
    config.dryRun = true;
    ManualDemandSource *demand = nullptr;
    auto engine = cluster.engine(config, &demand);
    QSignalSpy decided(engine.get(), &PolicyEngine::decided);
    engine->start();
    demand->setDemand(3);
    QTRY_VERIFY_WITH_TIMEOUT(std::any_of(engine->decisions().begin(), engine->decisions().end(),
                                         [](const PolicyDecision &d) {
                                             return d.kind == PolicyDecision::Kind::ScaleUp && !d.executed;
                                         }),
                             10000);
    QCOMPARE(engine->active(), 0);
    QCOMPARE(cluster.clones(), 0);
    const CommandResult tickets = cluster.platform.clonectl({QStringLiteral("tickets")});
    QVERIFY(tickets.out.isEmpty());

    // The shown decisions add up as if carried out: scale-ups to the demand, once, and a
    // scale-down of them all when demand goes (not the same scale-up after every cool-down).
    const auto shown = [&](PolicyDecision::Kind kind) {
        int total = 0;
        for (const PolicyDecision &d : engine->decisions())
            total += d.kind == kind && !d.executed ? d.count : 0;
        return total;
    };
    QTRY_COMPARE_WITH_TIMEOUT(shown(PolicyDecision::Kind::ScaleUp), 3, 10000);
    demand->setDemand(0);
    QTRY_COMPARE_WITH_TIMEOUT(shown(PolicyDecision::Kind::ScaleDown), 3, 10000);
    QCOMPARE(shown(PolicyDecision::Kind::ScaleUp), 3);
    QCOMPARE(cluster.clones(), 0);
}

void TestPolicyEngine::orphanIsReapedWithinSeconds()
{
    Cluster cluster;
    QString error = cluster.start(QStringLiteral("host1:16:65536"));
    QVERIFY2(error.isEmpty(), qPrintable(error));
    ManualDemandSource *demand = nullptr;
    auto engine = cluster.engine(quickConfig(), &demand);
    engine->start();
    // A clone nobody launches an agent on: made behind the policy's back.
    QElapsedTimer timer;
    timer.start();
    const CommandResult rt =
        cluster.platform.clonectl({QStringLiteral("rt"), QStringLiteral("1"), QStringLiteral("1"),
                                   QStringLiteral("64"), QStringLiteral("0")});
    QCOMPARE(cluster.platform
                 .clonectl({QStringLiteral("clone"), QString::fromUtf8(rt.out).split(QLatin1Char(' '))[1]})
                 .exitCode,
             0);
    const qint64 cloned = timer.elapsed();
    QTRY_VERIFY_WITH_TIMEOUT(std::any_of(engine->decisions().begin(), engine->decisions().end(),
                                         [](const PolicyDecision &d) {
                                             return d.kind == PolicyDecision::Kind::Reap && d.executed;
                                         }),
                             10000);
    const qint64 detected = timer.elapsed();
    QTRY_COMPARE_WITH_TIMEOUT(cluster.clones(), 0, 10000);
    qInfo("orphan clone: detected %lld ms and gone %lld ms after its clone call returned", detected - cloned,
          timer.elapsed() - cloned);
}

void TestPolicyEngine::queueUrlIsReadAsDemand()
{
    // A Jenkins-like queue on loopback.
    QTcpServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    connect(&server, &QTcpServer::newConnection, this, [&] {
        QTcpSocket *socket = server.nextPendingConnection();
        connect(socket, &QTcpSocket::readyRead, socket, [socket] {
            socket->readAll();
            const QByteArray body = R"({"items": [{"id": 1}, {"id": 2}, {"id": 3}]})";
            socket->write(
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\nContent-Length: " +
                QByteArray::number(body.size()) + "\r\n\r\n" + body);
            socket->disconnectFromHost();
        });
    });
    PolicyConfig config;
    config.demandKind = PolicyConfig::DemandKind::QueueUrl;
    config.queueUrl = QUrl(QStringLiteral("http://127.0.0.1:%1/queue/api/json").arg(server.serverPort()));
    config.pollIntervalMs = 100;
    auto source = makeDemandSource(config);
    QSignalSpy demand(source.get(), &DemandSource::demandChanged);
    source->start();
    QVERIFY(demand.wait(5000));
    QCOMPARE(demand.first().at(0).toInt(), 3);
    QVERIFY(!parseQueueItems(R"({"noitems": 1})").ok());
    QCOMPARE(parseQueueItems(R"({"items": []})").value(), 0);
}

QTEST_GUILESS_MAIN(TestPolicyEngine)
#include "test_policy_engine.moc"
