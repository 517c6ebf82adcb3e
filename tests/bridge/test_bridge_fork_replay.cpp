// A clone's inherited `gc clone` and the request its bridge replays (issues 11-13).
// The QEMU backend captures a master while that master's guest waits in
// `gc clone`; when the guest had not yet read the bridge's answer to its write of
// the request node, the bridge replays that write for the clone, so the request
// appears again in the clone's own domain. The platform had acted on it for the
// master already: it must not act on it again as the clone's (which once answered
// "ticket t1 belongs to domain 1 (EACCES)" into the clone's reply, under an ASan
// run's load), and the clone's call must end with the clone's own identity.
// Deterministic: a real platform (xenstored, bridge, control plane, SQLite) on a
// thread of its own, raw wire clients as the guests, and a stand-in for the
// capture that lets the test hold the clones' start-up.
#include "EmbeddedPlatform.h"
#include "RawXenstoreClient.h"
#include "Request.h"
#include "SnapshotStandInBackend.h"
#include "XenstoreConnection.h"

#include <QScopeGuard>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <atomic>
#include <functional>

using namespace clonedeck;
using namespace clonedeck::test;
using Type = clonedeck::xswire::Type;

namespace {

constexpr int kWaitMs = 20000;

QByteArray requestWrite(const QByteArray &id, const Request &request)
{
    return "clonedeck/requests/" + id + '\0' + request.toRecord().serialize();
}

} // namespace

class TestBridgeForkReplay : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();
    void replayedCloneRequestEndsWithTheClonesIdentity();
    void replayedCloneRequestStaysAnsweredAcrossARestart();

private:
    bool startPlatform();
    void stopPlatform();
    void onPlatformThread(const std::function<void()> &work)
    {
        QMetaObject::invokeMethod(&m_platformContext, work, Qt::BlockingQueuedConnection);
    }
    QByteArray reply(int domid, const QByteArray &id);
    QByteArray waitReply(int domid, const QByteArray &id);
    // Writes a request as a guest of `domid` would (through its endpoint) and waits for its reply.
    QByteArray callAs(RawXenstoreClient &guest, int domid, const QByteArray &id, const Request &request);

    QTemporaryDir m_runDir;
    QThread m_platformThread;
    QObject m_platformContext;
    EmbeddedPlatform *m_platform = nullptr;
    std::atomic<bool> m_ready = false;
    StandInVms m_vms;
    std::unique_ptr<XenstoreConnection> m_dom0;
    int m_master = 0;
    int m_clone = 0;
};

bool TestBridgeForkReplay::startPlatform()
{
    PlatformConfig config;
    config.runDir = m_runDir.path() + QStringLiteral("/run");
    config.backend = QStringLiteral("standin");
    m_ready = false;
    Status started = Done{};
    // Made, started and deleted on its own thread, as clonedeckd's is on its main thread.
    onPlatformThread([&] {
        m_platform = new EmbeddedPlatform(config, SnapshotStandInBackend::registry(m_vms));
        connect(m_platform, &EmbeddedPlatform::ready, m_platform, [this] { m_ready = true; });
        started = m_platform->start();
    });
    if (!started) {
        qWarning("%s", qPrintable(started.error().toString()));
        return false;
    }
    if (!QTest::qWaitFor([this] { return m_ready.load(); }, kWaitMs))
        return false;
    auto dom0 = XenstoreConnection::open(m_platform->socketPath());
    if (!dom0)
        return false;
    m_dom0 = std::move(dom0).value();
    return true;
}

void TestBridgeForkReplay::stopPlatform()
{
    m_dom0.reset();
    if (!m_platform)
        return;
    onPlatformThread([this] { delete m_platform; });
    m_platform = nullptr;
}

void TestBridgeForkReplay::initTestCase()
{
    QVERIFY(m_runDir.isValid());
    m_platformContext.moveToThread(&m_platformThread);
    m_platformThread.start();
    QVERIFY(startPlatform());
    const auto domains = m_dom0->directory(QStringLiteral("/clonedeck/domains"));
    QVERIFY(domains && domains->size() == 1);
    m_master = domains->first().toInt();
    QVERIFY(!m_vms.endpoint(m_master).isEmpty());
}

void TestBridgeForkReplay::cleanupTestCase()
{
    stopPlatform();
    m_platformThread.quit();
    m_platformThread.wait();
}

QByteArray TestBridgeForkReplay::reply(int domid, const QByteArray &id)
{
    const auto value = m_dom0->read(
        QStringLiteral("/local/domain/%1/clonedeck/replies/%2").arg(domid).arg(QLatin1String(id)));
    return value ? *value : QByteArray("<none>");
}

QByteArray TestBridgeForkReplay::waitReply(int domid, const QByteArray &id)
{
    QByteArray value;
    (void)QTest::qWaitFor([&] { return (value = reply(domid, id)) != "<none>"; },
                          kWaitMs); // judged by the caller
    return value;
}

QByteArray TestBridgeForkReplay::callAs(RawXenstoreClient &guest, int domid, const QByteArray &id,
                                        const Request &request)
{
    if (RawXenstoreClient::answerOf(guest.call(Type::Write, requestWrite(id, request))) != "OK")
        return "<write refused>";
    return waitReply(domid, id);
}

void TestBridgeForkReplay::replayedCloneRequestEndsWithTheClonesIdentity()
{
    auto master = RawXenstoreClient::connect(m_vms.endpoint(m_master));
    QVERIFY(master);
    QVERIFY(callAs(*master, m_master, "rt1", Request::requestTicket(1, 1, 64, 0))
                .startsWith("status=ok ticket=t1 "));

    // `gc clone t1` in the master's guest: watch the reply (relative), write the request, and do
    // not read the answer to that write before the capture (a guest slow under load).
    QCOMPARE(RawXenstoreClient::answerOf(
                 master->call(Type::Watch, RawXenstoreClient::pair("clonedeck/replies/c1", "reply-c1"))),
             "OK");
    QVERIFY(master->nextEvent());
    const quint32 writeId =
        master->send(Type::Write, requestWrite("c1", Request::clone(QStringLiteral("t1"))));
    QTRY_VERIFY_WITH_TIMEOUT(!m_vms.capturedClones().isEmpty(), kWaitMs);
    m_clone = m_vms.capturedClones().first();
    auto comeUp = qScopeGuard([this] { m_vms.finishClones(); }); // also when a check below fails

    // The clone resumes from the master's memory: its bridge replays the write it had no answer to.
    auto clone = RawXenstoreClient::connect(m_vms.endpoint(m_clone));
    QVERIFY(clone);
    const auto replayed = clone->nextReply();
    QVERIFY(replayed);
    QCOMPARE(replayed->requestId, writeId);
    QCOMPARE(RawXenstoreClient::answerOf(replayed), QByteArray("OK"));
    // A request the clone makes after it is served after the replayed one (one watch, in order),
    // and is its own: the clone may not clone its master's ticket.
    QVERIFY(callAs(*clone, m_clone, "c2", Request::clone(QStringLiteral("t1")))
                .startsWith("status=error errno=EACCES "));
    // The replayed request was the master's, acted on already: nothing was answered for it as the clone's.
    QCOMPARE(reply(m_clone, "c1"), QByteArray("<none>"));

    // The clones come up: the clone's call ends with its own identity, the master's with its clone.
    QVERIFY(m_vms.finishClones());
    const QByteArray identity =
        "status=ok ticket=t1 count=1 domids=" + QByteArray::number(m_clone) + " vmids=1";
    QCOMPARE(waitReply(m_clone, "c1"), identity);
    QCOMPARE(
        RawXenstoreClient::answerOf(clone->call(Type::Read, RawXenstoreClient::path("clonedeck/replies/c1"))),
        identity);
    QCOMPARE(waitReply(m_master, "c1"), identity);
    QCOMPARE(RawXenstoreClient::answerOf(master->nextReply()), QByteArray("OK"));
}

void TestBridgeForkReplay::replayedCloneRequestStaysAnsweredAcrossARestart()
{
    QVERIFY2(m_clone > 0, "needs the clone of the previous case");
    // What the platform acted on is committed (SQLite): after a restart a replay of the clone's
    // inherited request still changes nothing, while the master's own retry gets EALREADY.
    stopPlatform();
    QVERIFY(startPlatform());
    auto clone = RawXenstoreClient::connect(m_vms.endpoint(m_clone));
    QVERIFY(clone);
    const QByteArray before = reply(m_clone, "c1");
    QCOMPARE(RawXenstoreClient::answerOf(
                 clone->call(Type::Write, requestWrite("c1", Request::clone(QStringLiteral("t1"))))),
             QByteArray("OK"));
    QVERIFY(callAs(*clone, m_clone, "h1", Request::domainHistory(m_clone)).startsWith("status=ok "));
    QCOMPARE(reply(m_clone, "c1"), before);
    auto master = RawXenstoreClient::connect(m_vms.endpoint(m_master));
    QVERIFY(master);
    QVERIFY(callAs(*master, m_master, "c1", Request::clone(QStringLiteral("t1")))
                .startsWith("status=error errno=EALREADY "));
}

QTEST_GUILESS_MAIN(TestBridgeForkReplay)
#include "test_bridge_fork_replay.moc"
