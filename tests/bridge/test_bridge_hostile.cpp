// Hostile guests against the bridge: malformed and truncated streams, request
// floods from a guest that never reads, event floods, connection floods. Each
// costs its own connection at most; the bridge's memory stays bounded and every
// other guest keeps being served.
#include "BridgeHarness.h"
#include "RawXenstoreClient.h"
#include "XenstoredProcess.h"

#include <QTest>

#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>

using namespace clonedeck;
using namespace clonedeck::test;
using Type = clonedeck::xswire::Type;

class TestBridgeHostile : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void malformedStreamClosesOnlyThatConnection_data();
    void malformedStreamClosesOnlyThatConnection();
    void truncatedMessagesAreForgotten();
    void requestFloodIsBoundedAndLosesNothing();
    void eventFloodIsDroppedNotBuffered();
    void connectionFloodIsCapped();
    void xenstoredLossClosesGuestConnections();

private:
    bool neighbourIsServed();

    BridgeHarness m_harness;
    QString m_endpoint;
    std::unique_ptr<RawXenstoreClient> m_neighbour; // another domain's guest, served throughout
};

void TestBridgeHostile::initTestCase()
{
    const QString error = m_harness.start();
    QVERIFY2(error.isEmpty(), qPrintable(error));
    m_harness.publishDomain(5, "hostile-5");
    m_harness.publishDomain(6, "neighbour-6");
    m_endpoint = m_harness.openEndpoint(5);
    m_neighbour = RawXenstoreClient::connect(m_harness.openEndpoint(6));
    QVERIFY(m_neighbour);
}

bool TestBridgeHostile::neighbourIsServed()
{
    return RawXenstoreClient::answerOf(
               m_neighbour->call(Type::Read, RawXenstoreClient::path("name"), 0, 5000)) == "neighbour-6";
}

void TestBridgeHostile::malformedStreamClosesOnlyThatConnection_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QByteArray oversized = xswire::encode(xswire::Message{quint32(Type::Read), 1, 0, QByteArray()});
    const quint32 huge = 4097;
    std::memcpy(oversized.data() + 12, &huge, sizeof huge);
    QTest::newRow("payload over 4096") << oversized;
    QTest::newRow("all ones") << QByteArray(64, '\xff');
    QByteArray valid =
        xswire::encode(xswire::Message{quint32(Type::Read), 7, 0, RawXenstoreClient::path("name")});
    QTest::newRow("valid then oversized") << valid + oversized;
}

void TestBridgeHostile::malformedStreamClosesOnlyThatConnection()
{
    QFETCH(QByteArray, bytes);
    auto hostile = RawXenstoreClient::connect(m_endpoint);
    auto sibling = RawXenstoreClient::connect(m_endpoint); // the same domain's other connection
    QVERIFY(hostile && sibling);
    QVERIFY(hostile->sendRaw(bytes));
    QVERIFY(hostile->waitClosed());
    QCOMPARE(RawXenstoreClient::answerOf(sibling->call(Type::Read, RawXenstoreClient::path("name"))),
             "hostile-5");
    QVERIFY(neighbourIsServed());
}

void TestBridgeHostile::truncatedMessagesAreForgotten()
{
    // The previous test's connections of domain 5 close asynchronously (the bridge counts one
    // until it reads its end): start from none, or `before` counts one that goes away anyway.
    QTRY_COMPARE_WITH_TIMEOUT(m_harness.connectionCount(5), 0, 10000);
    const QByteArray message = xswire::encode(
        xswire::Message{quint32(Type::Write), 1, 0, QByteArray("data/t\0", 7) + QByteArray(2000, 'x')});
    for (const qsizetype cut : {qsizetype(5), qsizetype(16), message.size() / 2, message.size() - 1}) {
        auto guest = RawXenstoreClient::connect(m_endpoint);
        QVERIFY(guest);
        QVERIFY(guest->sendRaw(message.first(cut)));
    } // each goes away mid-message
    QTRY_COMPARE_WITH_TIMEOUT(m_harness.connectionCount(5), 0, 10000);
    QVERIFY(!m_harness.dom0().read(QStringLiteral("/local/domain/5/data/t")).ok()); // nothing half-done
    QVERIFY(neighbourIsServed());
}

void TestBridgeHostile::requestFloodIsBoundedAndLosesNothing()
{
    auto flooder = RawXenstoreClient::connect(m_endpoint);
    QVERIFY(flooder);
    const QByteArray request = xswire::encode(
        xswire::Message{quint32(Type::Read), 1, 0, RawXenstoreClient::path("/local/domain/5/no-such-node")});
    const int total = 100000; // 4.7 MB of requests; the guest never reads a reply while sending
    QByteArray stream;
    for (int i = 0; i < total; ++i)
        stream += request;
    ::fcntl(flooder->fd(), F_SETFL, ::fcntl(flooder->fd(), F_GETFL) | O_NONBLOCK);
    qsizetype sent = 0;
    while (sent < stream.size()) {
        const ssize_t n =
            ::send(flooder->fd(), stream.constData() + sent, size_t(stream.size() - sent), MSG_NOSIGNAL);
        if (n > 0) {
            sent += n;
            continue;
        }
        // The bridge stops reading a guest that does not read its replies: once nothing moves for
        // 2 s it has stopped for good (it has nothing else to do with this connection).
        pollfd writable{flooder->fd(), POLLOUT, 0};
        if (::poll(&writable, 1, 2000) == 0)
            break;
    }
    QVERIFY2(sent < stream.size() / 4, qPrintable(QStringLiteral("the guest could send %1 bytes").arg(sent)));
    QVERIFY(neighbourIsServed()); // meanwhile, everyone else is served
    // Nothing read was lost: every whole request gets its answer, in order.
    ::fcntl(flooder->fd(), F_SETFL, ::fcntl(flooder->fd(), F_GETFL) & ~O_NONBLOCK);
    const qsizetype whole = sent / request.size();
    for (qsizetype i = 0; i < whole; ++i) {
        const auto reply = flooder->nextReply();
        QVERIFY2(reply, qPrintable(QStringLiteral("reply %1 of %2 missing").arg(i).arg(whole)));
        QCOMPARE(RawXenstoreClient::answerOf(reply), QByteArray("ENOENT"));
    }
    QVERIFY(flooder->sendRaw(request.mid(sent % request.size())));
    QCOMPARE(RawXenstoreClient::answerOf(flooder->nextReply()), QByteArray("ENOENT"));
}

void TestBridgeHostile::eventFloodIsDroppedNotBuffered()
{
    QTRY_COMPARE_WITH_TIMEOUT(m_harness.connectionCount(5), 0, 10000);
    const quint64 droppedBefore = m_harness.usage(5).droppedEvents;
    auto sleeper = RawXenstoreClient::connect(m_endpoint);
    QVERIFY(sleeper);
    QCOMPARE(RawXenstoreClient::answerOf(sleeper->call(Type::Watch, RawXenstoreClient::pair("flood", "f"))),
             "OK");
    // 200 events of 2 KB (400 KB: three times what the bridge keeps for a guest, with the socket's
    // share) for a guest that reads none of them while they come.
    const int writes = 200;
    const QString longName = QStringLiteral("/local/domain/5/flood/") + QString(2000, QLatin1Char('n'));
    for (int i = 0; i < writes; ++i)
        QVERIFY(m_harness.dom0().write(longName + QString::number(i), "x").ok());
    // While the guest reads nothing, the bridge holds a bounded backlog and drops the rest.
    QTRY_VERIFY_WITH_TIMEOUT(m_harness.usage(5).droppedEvents > droppedBefore, 20000);
    const bridge::BridgeLimits limits;
    QVERIFY(m_harness.usage(5).bufferedBytes <= limits.eventBacklogBytes + limits.bufferedBytes);
    QVERIFY(neighbourIsServed());
    // The reply to a later request comes after every event the bridge kept.
    QCOMPARE(RawXenstoreClient::answerOf(sleeper->call(Type::Read, RawXenstoreClient::path("name"))),
             "hostile-5");
    int received = 0;
    while (sleeper->nextEvent(0))
        ++received;
    // Every event was delivered or counted as dropped (the watch's first event is one more).
    const quint64 dropped = m_harness.usage(5).droppedEvents - droppedBefore;
    QCOMPARE(quint64(received) + dropped, quint64(writes + 1));
    QVERIFY2(received < writes, qPrintable(QStringLiteral("%1 of %2 events kept").arg(received).arg(writes)));
}

void TestBridgeHostile::connectionFloodIsCapped()
{
    const int cap = bridge::BridgeLimits{}.connectionsPerDomain;
    QTRY_COMPARE_WITH_TIMEOUT(m_harness.connectionCount(5), 0, 10000);
    std::vector<std::unique_ptr<RawXenstoreClient>> guests;
    for (int i = 0; i < cap; ++i) {
        guests.push_back(RawXenstoreClient::connect(m_endpoint));
        QVERIFY(guests.back());
        QCOMPARE(
            RawXenstoreClient::answerOf(guests.back()->call(Type::Read, RawXenstoreClient::path("domid"))),
            "5");
    }
    auto excess = RawXenstoreClient::connect(m_endpoint);
    QVERIFY(excess); // accepted, then closed at once
    QVERIFY(excess->waitClosed());
    QVERIFY(neighbourIsServed());
    guests.pop_back();
    QTRY_COMPARE_WITH_TIMEOUT(m_harness.connectionCount(5), cap - 1, 10000);
    auto again = RawXenstoreClient::connect(m_endpoint);
    QVERIFY(again);
    QCOMPARE(RawXenstoreClient::answerOf(again->call(Type::Read, RawXenstoreClient::path("domid"))), "5");
}

void TestBridgeHostile::xenstoredLossClosesGuestConnections()
{
    QTRY_COMPARE_WITH_TIMEOUT(m_harness.connectionCount(5), 0, 10000);
    auto guest = RawXenstoreClient::connect(m_endpoint);
    QVERIFY(guest);
    QCOMPARE(RawXenstoreClient::answerOf(guest->call(Type::Read, RawXenstoreClient::path("domid"))), "5");
    QVERIFY(m_harness.xenstored().stop().ok());
    QVERIFY(guest->waitClosed());
    QVERIFY(m_neighbour->waitClosed());
    auto late = RawXenstoreClient::connect(m_endpoint);
    QVERIFY(!late || late->waitClosed()); // nothing to forward to: refused
}

QTEST_GUILESS_MAIN(TestBridgeHostile)
#include "test_bridge_hostile.moc"
