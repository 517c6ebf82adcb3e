// Forking a VM's channel (the QEMU backend's clones, issue 13): raw wire clients
// stand in for the master's guest and the clone's, which resumes from the
// master's memory mid-call. The clone must complete that call in its own
// domain: its watches, its unanswered requests, the rest of a message it was
// receiving or sending, and the transactions it had open (lost: EAGAIN).
#include "BridgeHarness.h"
#include "RawXenstoreClient.h"
#include "XenstoredProcess.h"

#include <QScopeGuard>
#include <QTest>

#include <csignal>

using namespace clonedeck;
using namespace clonedeck::test;
using Type = clonedeck::xswire::Type;

class TestBridgeFork : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void init();
    void cloneInheritsWatchesResolvedForItsDomain();
    void unreadReplyIsReissuedForTheClone();
    void requestInFlightAtTheSnapshotCompletesInTheClone();
    void partlySentRequestContinuesInTheClone();
    void partlyReceivedReplyIsFinishedInTheClone();
    void cloneOfACloneKeepsWhatItInherited();
    void transactionOpenAtTheSnapshotIsOrphanedInTheClone();
    void forkTakesTheVmsOneChannel();

private:
    std::unique_ptr<RawXenstoreClient> master();
    std::unique_ptr<RawXenstoreClient> fork(int cloneDomid);

    BridgeHarness m_harness;
    QString m_masterEndpoint;
};

void TestBridgeFork::initTestCase()
{
    const QString error = m_harness.start();
    QVERIFY2(error.isEmpty(), qPrintable(error));
    m_harness.publishDomain(5, "master-5");
    m_masterEndpoint = m_harness.openEndpoint(5);
}

void TestBridgeFork::init()
{
    // The master's previous channel is gone before the next test opens its own.
    QTRY_COMPARE_WITH_TIMEOUT(m_harness.connectionCount(5), 0, 10000);
}

std::unique_ptr<RawXenstoreClient> TestBridgeFork::master()
{
    return RawXenstoreClient::connect(m_masterEndpoint);
}

std::unique_ptr<RawXenstoreClient> TestBridgeFork::fork(int cloneDomid)
{
    m_harness.publishDomain(cloneDomid, "clone-" + QByteArray::number(cloneDomid));
    if (auto forked = m_harness.forkEndpoint(5, cloneDomid); !forked) {
        qWarning("%s", qPrintable(forked.error().toString()));
        return nullptr;
    }
    return RawXenstoreClient::connect(m_harness.openEndpoint(cloneDomid));
}

void TestBridgeFork::cloneInheritsWatchesResolvedForItsDomain()
{
    auto guest = master();
    QVERIFY(guest);
    QCOMPARE(RawXenstoreClient::answerOf(
                 guest->call(Type::Watch, RawXenstoreClient::pair("clonedeck/replies/r9", "rel"))),
             "OK");
    QCOMPARE(RawXenstoreClient::answerOf(
                 guest->call(Type::Watch, RawXenstoreClient::pair("/clonedeck/tickets", "abs"))),
             "OK");
    QCOMPARE(RawXenstoreClient::answerOf(
                 guest->call(Type::Watch, RawXenstoreClient::pair("/local/domain/5/mine", "own"))),
             "OK");
    for (int i = 0; i < 3; ++i)
        QVERIFY(guest->nextEvent()); // each watch's first event
    auto clone = fork(6);
    QVERIFY(clone);
    // The clone's watches tell it to look (their first event), under the paths the guest knows.
    QCOMPARE(clone->nextEventPayloads(2),
             (QSet<QByteArray>{RawXenstoreClient::pair("clonedeck/replies/r9", "rel"),
                               RawXenstoreClient::pair("/clonedeck/tickets", "abs")}));
    XenstoreConnection &dom0 = m_harness.dom0();
    QVERIFY(dom0.write(QStringLiteral("/local/domain/6/clonedeck/replies/r9"), "status=ok vmid=1").ok());
    QVERIFY(dom0.write(QStringLiteral("/local/domain/5/clonedeck/replies/r9"), "status=ok vmid=0").ok());
    QVERIFY(dom0.write(QStringLiteral("/local/domain/5/mine"), "m").ok());
    QVERIFY(dom0.write(QStringLiteral("/clonedeck/tickets/t5"), "owner=5").ok());
    // Each sees its own reply relatively, and the public record; the clone nothing of the master's.
    QCOMPARE(clone->nextEventPayload(), RawXenstoreClient::pair("clonedeck/replies/r9", "rel"));
    QCOMPARE(clone->nextEventPayload(), RawXenstoreClient::pair("/clonedeck/tickets/t5", "abs"));
    QCOMPARE(guest->nextEventPayload(), RawXenstoreClient::pair("clonedeck/replies/r9", "rel"));
    QCOMPARE(guest->nextEventPayload(), RawXenstoreClient::pair("/local/domain/5/mine", "own"));
    QCOMPARE(guest->nextEventPayload(), RawXenstoreClient::pair("/clonedeck/tickets/t5", "abs"));
    QCOMPARE(
        RawXenstoreClient::answerOf(clone->call(Type::Read, RawXenstoreClient::path("clonedeck/replies/r9"))),
        "status=ok vmid=1");
    QCOMPARE(RawXenstoreClient::answerOf(
                 clone->call(Type::Unwatch, RawXenstoreClient::pair("clonedeck/replies/r9", "rel"))),
             "OK");
    QCOMPARE(
        RawXenstoreClient::answerOf(clone->call(Type::Read, RawXenstoreClient::path("/local/domain/5/mine"))),
        "EACCES");
}

void TestBridgeFork::unreadReplyIsReissuedForTheClone()
{
    auto guest = master();
    QVERIFY(guest);
    const quint32 id = guest->send(Type::Read, RawXenstoreClient::path("name"));
    // The reply waits in the guest's end, unread, when the snapshot is taken: it never reached the
    // guest's memory, so the clone asks again, for itself.
    QVERIFY(guest->waitUnread(1));
    auto clone = fork(8);
    QVERIFY(clone);
    const auto cloneReply = clone->nextReply();
    QVERIFY(cloneReply);
    QCOMPARE(cloneReply->requestId, id);
    QCOMPARE(RawXenstoreClient::answerOf(cloneReply), QByteArray("clone-8"));
    QCOMPARE(RawXenstoreClient::answerOf(guest->nextReply()), QByteArray("master-5"));
}

void TestBridgeFork::requestInFlightAtTheSnapshotCompletesInTheClone()
{
    auto guest = master();
    QVERIFY(guest);
    m_harness.publishDomain(10, "clone-10");
    // xenstored is held, so the request is still unanswered at the snapshot.
    const pid_t xenstored = pid_t(m_harness.xenstored().pid());
    QCOMPARE(::kill(xenstored, SIGSTOP), 0);
    auto resume = qScopeGuard([xenstored] { ::kill(xenstored, SIGCONT); });
    const quint32 id = guest->send(Type::Write, QByteArray("clonedeck/requests/q1\0op=rt count=1", 35));
    const Status forked = m_harness.forkEndpoint(5, 10);
    QVERIFY(forked.ok());
    ::kill(xenstored, SIGCONT);
    resume.dismiss();
    auto clone = RawXenstoreClient::connect(m_harness.openEndpoint(10));
    QVERIFY(clone);
    const auto cloneReply = clone->nextReply();
    QVERIFY(cloneReply);
    QCOMPARE(cloneReply->requestId, id);
    QCOMPARE(RawXenstoreClient::answerOf(cloneReply), QByteArray("OK"));
    QCOMPARE(RawXenstoreClient::answerOf(guest->nextReply()), QByteArray("OK"));
    QCOMPARE(m_harness.dom0().read(QStringLiteral("/local/domain/10/clonedeck/requests/q1")).value(),
             QByteArray("op=rt count=1"));
    QCOMPARE(m_harness.dom0().read(QStringLiteral("/local/domain/5/clonedeck/requests/q1")).value(),
             QByteArray("op=rt count=1"));
}

void TestBridgeFork::partlySentRequestContinuesInTheClone()
{
    auto guest = master();
    QVERIFY(guest);
    const QByteArray request =
        xswire::encode(xswire::Message{quint32(Type::Write), 3, 0, QByteArray("data/p\0from the clone", 21)});
    QVERIFY(guest->sendRaw(request.first(20))); // the snapshot falls in the middle of the guest's write
    auto clone = fork(12);
    QVERIFY(clone);
    QVERIFY(clone->sendRaw(request.mid(20)));
    const auto reply = clone->nextReply();
    QVERIFY(reply);
    QCOMPARE(reply->requestId, 3u);
    QCOMPARE(RawXenstoreClient::answerOf(reply), QByteArray("OK"));
    QCOMPARE(m_harness.dom0().read(QStringLiteral("/local/domain/12/data/p")).value(),
             QByteArray("from the clone"));
    QVERIFY(!m_harness.dom0().read(QStringLiteral("/local/domain/5/data/p")).ok());
}

void TestBridgeFork::partlyReceivedReplyIsFinishedInTheClone()
{
    auto guest = master();
    QVERIFY(guest);
    guest->send(Type::Read, RawXenstoreClient::path("name"));
    const QByteArray expected =
        xswire::encode(xswire::Message{quint32(Type::Read), 1, 0, QByteArrayLiteral("master-5")});
    QVERIFY(guest->waitUnread(expected.size()));
    const QByteArray head = guest->readRaw(10); // the guest had read part of the reply
    QCOMPARE(head.size(), 10);
    auto clone = fork(14);
    QVERIFY(clone);
    // The clone's memory holds those 10 bytes: it gets the rest of that same message, then carries on.
    QCOMPARE(head + clone->readRaw(expected.size() - 10), expected);
    QCOMPARE(RawXenstoreClient::answerOf(clone->call(Type::Read, RawXenstoreClient::path("name"))),
             "clone-14");
}

void TestBridgeFork::cloneOfACloneKeepsWhatItInherited()
{
    auto guest = master();
    QVERIFY(guest);
    guest->send(Type::Read, RawXenstoreClient::path("name"));
    const QByteArray expected =
        xswire::encode(xswire::Message{quint32(Type::Read), 1, 0, QByteArrayLiteral("master-5")});
    QVERIFY(guest->waitUnread(expected.size()));
    const QByteArray head = guest->readRaw(10);
    auto clone = fork(22);
    QVERIFY(clone);
    // The clone is snapshotted in turn before it read any of the rest: its own clone gets that rest.
    QVERIFY(clone->waitUnread(expected.size() - 10));
    m_harness.publishDomain(24, "clone-24");
    QVERIFY(m_harness.forkEndpoint(22, 24).ok());
    auto grandchild = RawXenstoreClient::connect(m_harness.openEndpoint(24));
    QVERIFY(grandchild);
    QCOMPARE(head + grandchild->readRaw(expected.size() - 10), expected);
    QCOMPARE(RawXenstoreClient::answerOf(grandchild->call(Type::Read, RawXenstoreClient::path("name"))),
             "clone-24");
}

void TestBridgeFork::transactionOpenAtTheSnapshotIsOrphanedInTheClone()
{
    auto guest = master();
    QVERIFY(guest);
    const quint32 tx =
        RawXenstoreClient::answerOf(guest->call(Type::TransactionStart, RawXenstoreClient::path("")))
            .toUInt();
    QVERIFY(tx != 0);
    QCOMPARE(RawXenstoreClient::answerOf(guest->call(Type::Write, QByteArray("tx/m\0v", 6), tx)), "OK");
    auto clone = fork(16);
    QVERIFY(clone);
    // A new transaction of the clone never shares the orphan's id, though xenstored's ids restart.
    const quint32 fresh =
        RawXenstoreClient::answerOf(clone->call(Type::TransactionStart, RawXenstoreClient::path("")))
            .toUInt();
    QVERIFY(fresh != 0 && fresh != tx);
    QCOMPARE(RawXenstoreClient::answerOf(clone->call(Type::Write, QByteArray("tx/c\0v", 6), tx)), "EAGAIN");
    QCOMPARE(RawXenstoreClient::answerOf(clone->call(Type::Write, QByteArray("tx/c\0v", 6), fresh)), "OK");
    QCOMPARE(RawXenstoreClient::answerOf(clone->call(Type::TransactionEnd, RawXenstoreClient::path("T"), tx)),
             "EAGAIN");
    QCOMPARE(RawXenstoreClient::answerOf(clone->call(Type::Write, QByteArray("tx/c\0v", 6), tx)), "ENOENT");
    QCOMPARE(
        RawXenstoreClient::answerOf(clone->call(Type::TransactionEnd, RawXenstoreClient::path("T"), fresh)),
        "OK");
    QCOMPARE(RawXenstoreClient::answerOf(guest->call(Type::TransactionEnd, RawXenstoreClient::path("T"), tx)),
             "OK");
    QCOMPARE(m_harness.dom0().read(QStringLiteral("/local/domain/5/tx/m")).value(), QByteArray("v"));
    QCOMPARE(m_harness.dom0().read(QStringLiteral("/local/domain/16/tx/c")).value(), QByteArray("v"));
    QVERIFY(!m_harness.dom0().read(QStringLiteral("/local/domain/16/tx/m")).ok());
}

void TestBridgeFork::forkTakesTheVmsOneChannel()
{
    // No channel open: the clone starts fresh.
    auto clone = fork(18);
    QVERIFY(clone);
    QCOMPARE(RawXenstoreClient::answerOf(clone->call(Type::Read, RawXenstoreClient::path("name"))),
             "clone-18");
    // Two: which one is the VM's is unknown, so the fork is refused.
    auto first = master();
    auto second = master();
    QVERIFY(first && second);
    QCOMPARE(RawXenstoreClient::answerOf(first->call(Type::Read, RawXenstoreClient::path("domid"))), "5");
    QCOMPARE(RawXenstoreClient::answerOf(second->call(Type::Read, RawXenstoreClient::path("domid"))), "5");
    const Status forked = m_harness.forkEndpoint(5, 20);
    QVERIFY(!forked.ok());
    QCOMPARE(forked.error().code, EINVAL);
    QVERIFY(!m_harness.forkEndpoint(99, 21).ok()); // no such master
}

QTEST_GUILESS_MAIN(TestBridgeFork)
#include "test_bridge_fork.moc"
