// The asynchronous client: futures resolved off the caller's thread, watches
// coalesced per burst, and a xenstored restart mid-session survived: state goes
// Reconnecting -> Connected, watches come back, resynced() fires, and a call
// made while the daemon is away fails clearly instead of hanging. Interop both
// ways with Debian's xenstore-utils.
#include "XenstoreClient.h"
#include "XenstoreConnection.h"
#include "XenstoredProcess.h"

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
    QTest::qWaitFor([&] { return future.isFinished(); }, timeoutMs);
    return future.isFinished() ? std::optional<T>(future.result()) : std::nullopt;
}
} // namespace

class TestXenstoreClient : public QObject
{
    Q_OBJECT
private slots:
    void init();
    void cleanup();
    void futuresResolve();
    void burstIsCoalesced();
    void restartReconnectsAndResyncs();
    void interopWithXenstoreUtils();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<XenstoredProcess> m_xenstored;
    std::unique_ptr<XenstoreClient> m_client;
};

void TestXenstoreClient::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_xenstored = std::make_unique<XenstoredProcess>(
        XenstoredProcess::Options{m_dir->path(), {}, {}, false, true, 5000});
    QVERIFY(m_xenstored->start().ok());
    m_client = std::make_unique<XenstoreClient>(m_xenstored->socketPath());
    QSignalSpy state(m_client.get(), &XenstoreClient::stateChanged);
    m_client->start();
    QTRY_COMPARE_WITH_TIMEOUT(m_client->state(), XenstoreClient::State::Connected, 5000);
}

void TestXenstoreClient::cleanup()
{
    m_client.reset();
    m_xenstored.reset();
    m_dir.reset();
}

void TestXenstoreClient::futuresResolve()
{
    const auto written = await(m_client->write(QStringLiteral("/c/a"), "alpha"));
    QVERIFY(written && written->ok());
    const auto read = await(m_client->read(QStringLiteral("/c/a")));
    QVERIFY(read && read->ok());
    QCOMPARE(read->value(), QByteArray("alpha"));
    await(m_client->write(QStringLiteral("/c/b"), "beta"));
    const auto children = await(m_client->readChildren(QStringLiteral("/c")));
    QVERIFY(children && children->ok());
    QCOMPARE(children->value().value(QStringLiteral("b")), QByteArray("beta"));
    const auto missing = await(m_client->read(QStringLiteral("/c/none")));
    QCOMPARE(missing->error().code, ENOENT);
}

void TestXenstoreClient::burstIsCoalesced()
{
    QSignalSpy batches(m_client.get(), &XenstoreClient::nodesChanged);
    m_client->watch(QStringLiteral("/burst"), QStringLiteral("b"));
    QTRY_VERIFY_WITH_TIMEOUT(batches.count() >= 1, 5000); // registration
    batches.clear();
    // 1,000 writes from another connection, as fast as it goes.
    auto writer = XenstoreConnection::open(m_xenstored->socketPath());
    QVERIFY(writer.ok());
    for (int i = 1; i <= 1000; ++i)
        (*writer)->write(QStringLiteral("/burst/node"), QByteArray::number(i));
    // The final value arrives, in far fewer batches than writes.
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            for (const auto &args : batches) {
                for (const NodeChange &change : args.at(1).value<QList<NodeChange>>()) {
                    if (change.value == QByteArray("1000"))
                        return true;
                }
            }
            return false;
        }(),
        10000);
    qInfo("1,000 writes arrived in %lld batch(es)", qint64(batches.count()));
    QVERIFY(batches.count() < 1000);
}

void TestXenstoreClient::restartReconnectsAndResyncs()
{
    QSignalSpy resynced(m_client.get(), &XenstoreClient::resynced);
    QSignalSpy batches(m_client.get(), &XenstoreClient::nodesChanged);
    QList<XenstoreClient::State> states;
    connect(m_client.get(), &XenstoreClient::stateChanged, this,
            [&](XenstoreClient::State s, int) { states.append(s); });
    m_client->watch(QStringLiteral("/survive"), QStringLiteral("s"));
    QTRY_VERIFY_WITH_TIMEOUT(batches.count() >= 1, 5000);

    QVERIFY(m_xenstored->stop().ok());
    QTRY_COMPARE_WITH_TIMEOUT(m_client->state(), XenstoreClient::State::Reconnecting, 5000);
    // A call while the daemon is away fails clearly, and promptly.
    const auto failed = await(m_client->read(QStringLiteral("/survive")), 5000);
    QVERIFY(failed && !failed->ok());
    QCOMPARE(failed->error().code, ENOTCONN);

    QVERIFY(m_xenstored->start().ok());
    QTRY_COMPARE_WITH_TIMEOUT(m_client->state(), XenstoreClient::State::Connected, 10000);
    QTRY_COMPARE_WITH_TIMEOUT(resynced.count(), 1, 5000);
    QVERIFY(states.contains(XenstoreClient::State::Reconnecting));
    // The watch is back: a write after the restart is seen.
    batches.clear();
    auto writer = XenstoreConnection::open(m_xenstored->socketPath());
    QVERIFY(writer.ok());
    QVERIFY((*writer)->write(QStringLiteral("/survive/after"), "yes").ok());
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            for (const auto &args : batches) {
                for (const NodeChange &change : args.at(1).value<QList<NodeChange>>()) {
                    if (change.path == QLatin1String("/survive/after") && change.value == QByteArray("yes"))
                        return true;
                }
            }
            return false;
        }(),
        5000);
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
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            for (const auto &args : batches) {
                for (const NodeChange &change : args.at(1).value<QList<NodeChange>>()) {
                    if (change.path == QLatin1String("/interop/theirs") &&
                        change.value == QByteArray("from-debian"))
                        return true;
                }
            }
            return false;
        }(),
        5000);
}

QTEST_GUILESS_MAIN(TestXenstoreClient)
#include "test_xenstore_client.moc"
