// The synchronous connection against the real stubbed xenstored through the
// real libxenstore: the basic operations, permissions, transactions that
// conflict and are retried, a bulk load; the process's socket is fixed once (no
// environment rewrites), and asking for another is a clear error.
#include "XenstoreConnection.h"
#include "XenstoredProcess.h"

#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QTest>

using namespace clonedeck;

class TestXenstoreConnection : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();
    void readWriteDirectoryRemove();
    void errorsCarryErrnoAndPath();
    void permissionsRoundTrip();
    void watchFiresOnRegistrationAndChange();
    void conflictingTransactionIsRetried();
    void bulkLoadOf2000Nodes();

private:
    QTemporaryDir m_dir;
    std::unique_ptr<XenstoredProcess> m_xenstored;
    std::unique_ptr<XenstoreConnection> m_xs;
};

void TestXenstoreConnection::initTestCase()
{
    m_xenstored = std::make_unique<XenstoredProcess>(
        XenstoredProcess::Options{m_dir.path(), {}, {}, false, true, 5000});
    QVERIFY(m_xenstored->start().ok());
    auto connection = XenstoreConnection::open(m_xenstored->socketPath());
    QVERIFY(connection.ok());
    m_xs = std::move(connection).value();
}

void TestXenstoreConnection::cleanupTestCase()
{
    m_xs.reset();
    m_xenstored->stop();
}

void TestXenstoreConnection::readWriteDirectoryRemove()
{
    QVERIFY(m_xs->write(QStringLiteral("/t/rw/a"), "1").ok());
    QVERIFY(m_xs->write(QStringLiteral("/t/rw/b"), QByteArray("bin\0ary", 7)).ok());
    QCOMPARE(m_xs->read(QStringLiteral("/t/rw/b")).value(), QByteArray("bin\0ary", 7));
    QStringList names = m_xs->directory(QStringLiteral("/t/rw")).value();
    names.sort();
    QCOMPARE(names, (QStringList{QStringLiteral("a"), QStringLiteral("b")}));
    QVERIFY(m_xs->mkdir(QStringLiteral("/t/rw/dir")).ok());
    QCOMPARE(m_xs->read(QStringLiteral("/t/rw/dir")).value(), QByteArray());
    QVERIFY(m_xs->remove(QStringLiteral("/t/rw")).ok());
    QVERIFY(!m_xs->read(QStringLiteral("/t/rw/a")).ok());
}

void TestXenstoreConnection::errorsCarryErrnoAndPath()
{
    const auto missing = m_xs->read(QStringLiteral("/no/such/node"));
    QVERIFY(!missing.ok());
    QCOMPARE(missing.error().code, ENOENT);
    QCOMPARE(missing.error().path, QStringLiteral("/no/such/node"));
    // libxenstore names its socket only through XENSTORED_PATH: fixed by the first open, for good.
    QCOMPARE(qEnvironmentVariable("XENSTORED_PATH"), m_xenstored->socketPath());
    const auto other = XenstoreConnection::open(m_dir.path() + QStringLiteral("/nothing-here"));
    QVERIFY(!other.ok());
    QCOMPARE(other.error().code, EINVAL);
    QVERIFY2(other.error().message.contains(m_xenstored->socketPath()), qPrintable(other.error().message));
    QCOMPARE(qEnvironmentVariable("XENSTORED_PATH"), m_xenstored->socketPath()); // not rewritten
    QVERIFY(XenstoreConnection::open().ok());                                    // no path: the fixed one
}

void TestXenstoreConnection::permissionsRoundTrip()
{
    QVERIFY(m_xs->write(QStringLiteral("/t/perm"), "x").ok());
    const QList<XenstorePermission> wanted{
        {0, XenstorePermission::None}, {5, XenstorePermission::Read}, {7, XenstorePermission::Both}};
    QVERIFY(m_xs->setPermissions(QStringLiteral("/t/perm"), wanted).ok());
    QCOMPARE(m_xs->permissions(QStringLiteral("/t/perm")).value(), wanted);
    QCOMPARE(wanted[1].toString(), QStringLiteral("r5"));
    QCOMPARE(XenstorePermission::parse(QStringLiteral("b7")).value(), wanted[2]);
}

void TestXenstoreConnection::watchFiresOnRegistrationAndChange()
{
    QVERIFY(m_xs->watch(QStringLiteral("/t/watched"), QStringLiteral("tok")).ok());
    auto first = m_xs->waitWatchEvent(QDeadlineTimer(5000));
    QVERIFY(first.ok());
    QCOMPARE(first->path, QStringLiteral("/t/watched")); // the event every watch fires on registration
    QCOMPARE(first->token, QStringLiteral("tok"));
    QVERIFY(m_xs->write(QStringLiteral("/t/watched/child"), "v").ok());
    auto second = m_xs->waitWatchEvent(QDeadlineTimer(5000));
    QVERIFY(second.ok());
    QCOMPARE(second->path, QStringLiteral("/t/watched/child"));
    QVERIFY(m_xs->unwatch(QStringLiteral("/t/watched"), QStringLiteral("tok")).ok());
    const auto none = m_xs->waitWatchEvent(QDeadlineTimer(50));
    QVERIFY(!none.ok());
    QCOMPARE(none.error().code, ETIMEDOUT);
}

void TestXenstoreConnection::conflictingTransactionIsRetried()
{
    auto other = XenstoreConnection::open(m_xenstored->socketPath());
    QVERIFY(other.ok());
    QVERIFY(m_xs->write(QStringLiteral("/t/counter"), "0").ok());
    int retries = -1;
    int attempts = 0;
    const Status done = m_xs->transaction(
        [&](XenstoreTransaction &tx) -> Status {
            ++attempts;
            const int value = tx.read(QStringLiteral("/t/counter")).value().toInt();
            if (attempts == 1) // another writer commits in between: our commit must fail with EAGAIN
                (*other)->write(QStringLiteral("/t/counter"), "100");
            return tx.write(QStringLiteral("/t/counter"), QByteArray::number(value + 1));
        },
        16, &retries);
    QVERIFY2(done.ok(), done.ok() ? "" : qPrintable(done.error().toString()));
    QCOMPARE(retries, 1);
    QCOMPARE(attempts, 2);
    QCOMPARE(m_xs->read(QStringLiteral("/t/counter")).value(), QByteArray("101"));

    // A conflict on every attempt ends with EAGAIN after the bound, not a loop.
    int calls = 0;
    const Status exhausted = m_xs->transaction(
        [&](XenstoreTransaction &tx) -> Status {
            ++calls;
            tx.read(QStringLiteral("/t/counter"));
            (*other)->write(QStringLiteral("/t/counter"), QByteArray::number(calls));
            return tx.write(QStringLiteral("/t/counter"), "mine");
        },
        3);
    QVERIFY(!exhausted.ok());
    QCOMPARE(exhausted.error().code, EAGAIN);
    QCOMPARE(calls, 4);
}

void TestXenstoreConnection::bulkLoadOf2000Nodes()
{
    QElapsedTimer timer;
    timer.start();
    for (int i = 0; i < 2000; ++i)
        QVERIFY(m_xs->write(QStringLiteral("/t/bulk/n%1").arg(i), QByteArray::number(i * 7)).ok());
    const qint64 writeMs = timer.restart();
    const QStringList names = m_xs->directory(QStringLiteral("/t/bulk")).value();
    QCOMPARE(names.size(), 2000);
    qint64 sum = 0;
    for (const QString &name : names)
        sum += m_xs->read(QStringLiteral("/t/bulk/") + name).value().toLongLong();
    QCOMPARE(sum, qint64(7) * 1999 * 2000 / 2);
    qInfo("2,000 nodes: written in %lld ms, listed and read back in %lld ms", writeMs, timer.elapsed());
}

QTEST_GUILESS_MAIN(TestXenstoreConnection)
#include "test_xenstore_connection.moc"
