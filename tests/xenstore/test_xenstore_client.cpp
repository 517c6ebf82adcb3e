// The asynchronous wire-protocol client against the real xenstored: futures resolved off
// the caller's thread; reads pipelined, a directory larger than one reply read in parts;
// watches coalesced per burst; a xenstored restart mid-session survived (Reconnecting ->
// Connected, watches back, resynced(), a call while the daemon is away failing clearly
// and promptly); interop both ways with Debian's xenstore-utils; a peer that breaks the
// framing is dropped and reconnected to, never trusted.
#include "UnixSocketTransport.h"
#include "XenstoreClient.h"
#include "XenstoredProcess.h"
#include "XenstoreWire.h"

#include <QLocalServer>
#include <QLocalSocket>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace clonedeck;

namespace {
template<typename T>
std::optional<T> await(QFuture<T> future, int timeoutMs = 10000)
{
    // Waits on the event loop (not a sleep) until the worker resolves the future.
    if (!QTest::qWaitFor([&] { return future.isFinished(); }, timeoutMs))
        return std::nullopt;
    return future.result();
}

// Whether a batch of nodesChanged carried this path with this value.
bool sawChange(const QSignalSpy &batches, const QString &path, const QByteArray &value)
{
    for (const auto &args : batches) {
        for (const NodeChange &change : args.at(1).value<QList<NodeChange>>()) {
            if ((path.isEmpty() || change.path == path) && change.value == value)
                return true;
        }
    }
    return false;
}
} // namespace

class TestXenstoreClient : public QObject
{
    Q_OBJECT
private slots:
    void init();
    void cleanup();
    void futuresResolve();
    void largeDirectoryReadInParts();
    void burstIsCoalesced();
    void restartReconnectsAndResyncs();
    void interopWithXenstoreUtils();
    void brokenFramingIsDropped();

private:
    std::unique_ptr<XenstoreClient> connected();

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<XenstoredProcess> m_xenstored;
    std::unique_ptr<XenstoreClient> m_client;
};

std::unique_ptr<XenstoreClient> TestXenstoreClient::connected()
{
    auto client = std::make_unique<XenstoreClient>(m_xenstored->socketPath());
    client->start();
    if (!QTest::qWaitFor([&] { return client->state() == ConnectionState::Connected; }, 5000))
        return nullptr;
    return client;
}

void TestXenstoreClient::init()
{
    // A daemon of its own per test: the wire client names its socket itself, so one process may
    // talk to many (libxenstore could not: it reads the process-wide XENSTORED_PATH).
    m_dir = std::make_unique<QTemporaryDir>();
    m_xenstored = std::make_unique<XenstoredProcess>(
        XenstoredProcess::Options{m_dir->path(), {}, {}, false, true, 5000});
    QVERIFY(m_xenstored->start().ok());
    m_client = connected();
    QVERIFY(m_client);
    QCOMPARE(m_client->uri(), QStringLiteral("unix://") + m_xenstored->socketPath());
}

void TestXenstoreClient::cleanup()
{
    m_client.reset();
    m_xenstored.reset();
    m_dir.reset();
}

void TestXenstoreClient::futuresResolve()
{
    const auto written = await(m_client->write(QStringLiteral("/c/a"), QByteArray("al\0pha", 6)));
    QVERIFY(written && written->ok());
    const auto read = await(m_client->read(QStringLiteral("/c/a")));
    QVERIFY(read && read->ok());
    QCOMPARE(read->value(), QByteArray("al\0pha", 6));
    await(m_client->write(QStringLiteral("/c/b"), "beta"));
    const auto children = await(m_client->readChildren(QStringLiteral("/c")));
    QVERIFY(children && children->ok());
    QCOMPARE(children->value().value(QStringLiteral("b")), QByteArray("beta"));
    const auto missing = await(m_client->read(QStringLiteral("/c/none")));
    QCOMPARE(missing->error().code, ENOENT);
    QCOMPARE(missing->error().path, QStringLiteral("/c/none"));
    const auto removed = await(m_client->remove(QStringLiteral("/c")));
    QVERIFY(removed && removed->ok());
    QCOMPARE(await(m_client->directory(QStringLiteral("/c")))->error().code, ENOENT);
}

void TestXenstoreClient::largeDirectoryReadInParts()
{
    // 2,000 children with long names: their list (~60 KB) is far over one reply's 4,096 bytes,
    // so xenstored answers E2BIG and the client reads it in parts, then every value, pipelined.
    constexpr int kNodes = 2000;
    QList<QFuture<Status>> writes;
    for (int i = 0; i < kNodes; ++i)
        writes.append(m_client->write(
            QStringLiteral("/big/a-rather-long-child-name-%1").arg(i, 5, 10, QLatin1Char('0')),
            QByteArray::number(i * 7)));
    QVERIFY(await(writes.last(), 30000)->ok());
    const auto names = await(m_client->directory(QStringLiteral("/big")), 30000);
    QVERIFY(names && names->ok());
    QCOMPARE(names->value().size(), kNodes);
    const auto children = await(m_client->readChildren(QStringLiteral("/big")), 30000);
    QVERIFY(children && children->ok());
    QCOMPARE(children->value().size(), kNodes);
    qint64 sum = 0;
    for (const QByteArray &value : children->value())
        sum += value.toLongLong();
    QCOMPARE(sum, qint64(7) * (kNodes - 1) * kNodes / 2);
}

void TestXenstoreClient::burstIsCoalesced()
{
    QSignalSpy batches(m_client.get(), &XenstoreClient::nodesChanged);
    m_client->watch(QStringLiteral("/burst"), QStringLiteral("b"));
    QTRY_VERIFY_WITH_TIMEOUT(batches.count() >= 1, 5000); // registration
    batches.clear();
    // 1,000 writes from another connection, as fast as it goes.
    auto writer = connected();
    QVERIFY(writer);
    QFuture<Status> last;
    for (int i = 1; i <= 1000; ++i)
        last = writer->write(QStringLiteral("/burst/node"), QByteArray::number(i));
    QVERIFY(await(last)->ok());
    // The final value arrives, in far fewer batches than writes.
    QTRY_VERIFY_WITH_TIMEOUT(sawChange(batches, QStringLiteral("/burst/node"), "1000"), 10000);
    qInfo("1,000 writes arrived in %lld batch(es)", qint64(batches.count()));
    QVERIFY(batches.count() < 1000);
}

void TestXenstoreClient::restartReconnectsAndResyncs()
{
    QSignalSpy resynced(m_client.get(), &XenstoreClient::resynced);
    QSignalSpy batches(m_client.get(), &XenstoreClient::nodesChanged);
    QList<ConnectionState> states;
    connect(m_client.get(), &XenstoreClient::stateChanged, this,
            [&](ConnectionState s) { states.append(s); });
    m_client->watch(QStringLiteral("/survive"), QStringLiteral("s"));
    QTRY_VERIFY_WITH_TIMEOUT(batches.count() >= 1, 5000);

    QVERIFY(m_xenstored->stop().ok());
    QTRY_COMPARE_WITH_TIMEOUT(m_client->state(), ConnectionState::Reconnecting, 5000);
    // A call while the daemon is away fails clearly, and promptly.
    const auto failed = await(m_client->read(QStringLiteral("/survive")), 5000);
    QVERIFY(failed && !failed->ok());
    QCOMPARE(failed->error().code, ENOTCONN);

    QVERIFY(m_xenstored->start().ok());
    QTRY_COMPARE_WITH_TIMEOUT(m_client->state(), ConnectionState::Connected, 10000);
    QTRY_COMPARE_WITH_TIMEOUT(resynced.count(), 1, 5000);
    QVERIFY(states.contains(ConnectionState::Reconnecting));
    // The watch is back: a write after the restart is seen.
    batches.clear();
    auto writer = connected();
    QVERIFY(writer);
    QVERIFY(await(writer->write(QStringLiteral("/survive/after"), "yes"))->ok());
    QTRY_VERIFY_WITH_TIMEOUT(sawChange(batches, QStringLiteral("/survive/after"), "yes"), 5000);
}

void TestXenstoreClient::interopWithXenstoreUtils()
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("XENSTORED_PATH"), m_xenstored->socketPath());
    // What we write, Debian's xenstore-ls shows.
    await(m_client->write(QStringLiteral("/interop/ours"), "written-by-clonedeck"));
    QProcess ls;
    ls.setProcessEnvironment(env);
    ls.start(QStringLiteral("xenstore-ls"), {QStringLiteral("/interop")});
    QVERIFY(ls.waitForFinished(10000));
    QVERIFY2(ls.readAllStandardOutput().contains("ours = \"written-by-clonedeck\""),
             "xenstore-ls shows our write");
    // What xenstore-write writes, our watch sees.
    QSignalSpy batches(m_client.get(), &XenstoreClient::nodesChanged);
    m_client->watch(QStringLiteral("/interop"), QStringLiteral("i"));
    QTRY_VERIFY_WITH_TIMEOUT(batches.count() >= 1, 5000);
    QProcess write;
    write.setProcessEnvironment(env);
    write.start(QStringLiteral("xenstore-write"),
                {QStringLiteral("/interop/theirs"), QStringLiteral("from-debian")});
    QVERIFY(write.waitForFinished(10000));
    QCOMPARE(write.exitCode(), 0);
    QTRY_VERIFY_WITH_TIMEOUT(sawChange(batches, QStringLiteral("/interop/theirs"), "from-debian"), 5000);
}

void TestXenstoreClient::brokenFramingIsDropped()
{
    // xenstored never breaks its framing, so this one fault needs a stand-in peer: it answers
    // the first request with a header announcing 5,000 bytes, over the protocol's 4,096.
    QLocalServer peer;
    QVERIFY(peer.listen(m_dir->filePath(QStringLiteral("liar"))));
    connect(&peer, &QLocalServer::newConnection, this, [&peer] {
        QLocalSocket *socket = peer.nextPendingConnection();
        connect(socket, &QLocalSocket::readyRead, socket, [socket] {
            socket->readAll();
            xswire::Message lie{quint32(xswire::Type::Read), 1, 0, {}};
            QByteArray bytes = xswire::encode(lie);
            const quint32 announced = 5000;
            memcpy(bytes.data() + 12, &announced, sizeof announced);
            socket->write(bytes);
        });
    });
    XenstoreClient client;
    QSignalSpy errors(&client, &XenstoreClient::errorOccurred);
    client.start(std::make_unique<UnixSocketTransport>(peer.fullServerName()));
    QTRY_COMPARE_WITH_TIMEOUT(client.state(), ConnectionState::Connected, 5000);
    const auto read = await(client.read(QStringLiteral("/anything")), 5000);
    QVERIFY(read && !read->ok());
    QCOMPARE(read->error().code, ENOTCONN);
    QTRY_VERIFY_WITH_TIMEOUT(!errors.isEmpty(), 5000);
    QVERIFY2(errors.first().at(0).value<Error>().message.contains(QLatin1String("5000")),
             qPrintable(errors.first().at(0).value<Error>().message));
    QTRY_COMPARE_WITH_TIMEOUT(client.state(), ConnectionState::Reconnecting, 5000);
}

QTEST_GUILESS_MAIN(TestXenstoreClient)
#include "test_xenstore_client.moc"
