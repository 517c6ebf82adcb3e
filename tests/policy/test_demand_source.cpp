// A queue URL as a demand source against hostile or broken HTTP servers on loopback: an
// endless reply is cut at its size cap (never buffered whole), a reply trickling a byte at a
// time still ends at the total deadline (not only after inactivity), and a server that never
// answers sees one request at a time, however short the poll interval.
#include "DemandSource.h"
#include "TestEnvironment.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QTimer>

using namespace clonedeck;

namespace {

// Answers every request the same way: an endless body, one byte per 100 ms, or nothing.
class QueueServer : public QTcpServer
{
public:
    enum class Reply
    {
        Endless,
        Trickle,
        Silent
    };

    explicit QueueServer(Reply reply)
        : m_reply(reply)
    {
        connect(this, &QTcpServer::newConnection, this, &QueueServer::onConnection);
        connect(&m_trickle, &QTimer::timeout, this, [this] {
            for (QTcpSocket *socket : std::as_const(m_sockets))
                socket->write(" ");
        });
        m_trickle.start(100);
    }

    // The sockets are this server's children, deleted after m_sockets: silenced first, so that
    // their disconnected() cannot reach the list (ASan: heap-use-after-free in removeAll).
    ~QueueServer() override
    {
        for (QTcpSocket *socket : findChildren<QTcpSocket *>())
            socket->disconnect();
    }

    int connections() const { return m_connections; }
    qint64 bytesSent() const { return m_sent; }

private:
    void onConnection()
    {
        while (QTcpSocket *socket = nextPendingConnection()) {
            ++m_connections;
            connect(socket, &QTcpSocket::readyRead, socket, [this, socket] {
                if (!socket->readAll().contains("\r\n\r\n") || m_reply == Reply::Silent)
                    return;
                socket->write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n{\"items\": [");
                if (m_reply == Reply::Trickle)
                    m_sockets.append(socket);
                else
                    feed(socket);
            });
            connect(socket, &QTcpSocket::bytesWritten, socket, [this, socket](qint64 bytes) {
                m_sent += bytes;
                if (m_reply == Reply::Endless && socket->bytesToWrite() < 65536)
                    feed(socket);
            });
            connect(socket, &QTcpSocket::disconnected, socket, [this, socket] {
                m_sockets.removeAll(socket);
                socket->deleteLater();
            });
        }
    }
    static void feed(QTcpSocket *socket) { socket->write(QByteArray(256 * 1024, ' ')); }

    Reply m_reply;
    QTimer m_trickle;
    QList<QTcpSocket *> m_sockets;
    int m_connections = 0;
    qint64 m_sent = 0;
};

PolicyConfig queueConfig(const QueueServer &server, int pollIntervalMs, int timeoutMs)
{
    PolicyConfig config;
    config.demandKind = PolicyConfig::DemandKind::QueueUrl;
    config.queueUrl = QUrl(QStringLiteral("http://%1:%2/queue/api/json")
                               .arg(server.serverAddress().toString())
                               .arg(server.serverPort()));
    config.pollIntervalMs = pollIntervalMs;
    config.commandTimeoutMs = timeoutMs;
    return config;
}

} // namespace

class TestDemandSource : public QObject
{
    Q_OBJECT
private slots:
    void endlessReplyIsCutAtItsCap();
    void tricklingReplyEndsAtTheTotalDeadline();
    void pollsDoNotOverlap();

private:
    QHostAddress address() const { return QHostAddress(test::loopbackPrefix() + QStringLiteral("5.1")); }
};

void TestDemandSource::endlessReplyIsCutAtItsCap()
{
    QueueServer server(QueueServer::Reply::Endless);
    QVERIFY(server.listen(address()));
    auto source = makeDemandSource(queueConfig(server, 600000, 20000));
    std::optional<Error> error;
    connect(source.get(), &DemandSource::failed, this, [&](const Error &e) { error = e; });
    QSignalSpy demand(source.get(), &DemandSource::demandChanged);
    source->start();
    QTRY_VERIFY_WITH_TIMEOUT(error.has_value(), 15000);
    QCOMPARE(error->code, EFBIG);
    QVERIFY2(error->message.contains(QStringLiteral("larger than")), qPrintable(error->message));
    QCOMPARE(demand.count(), 0);
    qInfo("the server had sent %lld bytes when the reply was refused", server.bytesSent());
}

void TestDemandSource::tricklingReplyEndsAtTheTotalDeadline()
{
    QueueServer server(QueueServer::Reply::Trickle);
    QVERIFY(server.listen(address()));
    auto source = makeDemandSource(queueConfig(server, 600000, 1500));
    std::optional<Error> error;
    qint64 elapsed = 0;
    QElapsedTimer clock;
    connect(source.get(), &DemandSource::failed, this, [&](const Error &e) {
        error = e;
        elapsed = clock.elapsed();
    });
    clock.start();
    source->start();
    QTRY_VERIFY_WITH_TIMEOUT(error.has_value(), 10000);
    QCOMPARE(error->code, ETIMEDOUT);
    QVERIFY2(elapsed >= 1400 && elapsed < 6000, qPrintable(QString::number(elapsed)));
}

void TestDemandSource::pollsDoNotOverlap()
{
    QueueServer server(QueueServer::Reply::Silent);
    QVERIFY(server.listen(address()));
    auto source = makeDemandSource(queueConfig(server, 50, 1500));
    int connectionsAtFirstFailure = -1;
    connect(source.get(), &DemandSource::failed, this, [&] {
        if (connectionsAtFirstFailure < 0)
            connectionsAtFirstFailure = server.connections();
    });
    source->start();
    QTRY_VERIFY_WITH_TIMEOUT(connectionsAtFirstFailure >= 0, 10000);
    // Thirty intervals passed while the first request waited for its deadline: none overlapped it.
    QCOMPARE(connectionsAtFirstFailure, 1);
    QTRY_VERIFY_WITH_TIMEOUT(server.connections() >= 2, 10000); // and polling goes on after it
}

QTEST_GUILESS_MAIN(TestDemandSource)
#include "test_demand_source.moc"
