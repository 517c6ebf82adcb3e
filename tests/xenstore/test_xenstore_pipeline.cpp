// The pipeline against the real stubbed xenstored: a batch of thousands of requests is
// applied whole and in order when run() returns (read back through libxenstore, the
// connection the control plane writes its replies on); a refused request names its path
// and the rest of the batch still applies; the same batch through libxenstore one request
// at a time (the fallback) gives the same tree; a xenstored that is gone is an error, not
// a hang or a SIGPIPE, and one that answers nothing fails the batch after the silence given.
#include "XenstoreConnection.h"
#include "XenstoredProcess.h"
#include "XenstorePipeline.h"

#include <QTemporaryDir>
#include <QTest>

#include <csignal>

using namespace clonedeck;

class TestXenstorePipeline : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();
    void batchIsAppliedWholeAndInOrder();
    void refusedRequestNamesItsPathAndTheRestApplies();
    void oneByOneGivesTheSameTree();
    void xenstoredGoneIsAnError();
    void xenstoredSilentIsAnErrorAfterTheSilence();

private:
    // 3,000 writes under root, a permission, removes (one of a node that is not there), and two
    // writes of one node, the second of which must win.
    static XenstoreBatch bigBatch(const QString &root);
    void verifyBigBatch(const QString &root);

    QTemporaryDir m_dir;
    std::unique_ptr<XenstoredProcess> m_xenstored;
    std::unique_ptr<XenstoreConnection> m_xs;
};

void TestXenstorePipeline::initTestCase()
{
    m_xenstored = std::make_unique<XenstoredProcess>(
        XenstoredProcess::Options{m_dir.path() + QStringLiteral("/xs"), {}, {}, false, true, 5000});
    QVERIFY(m_xenstored->start().ok());
    auto connection = XenstoreConnection::open(m_xenstored->socketPath());
    QVERIFY(connection.ok());
    m_xs = std::move(connection).value();
}

void TestXenstorePipeline::cleanupTestCase()
{
    m_xs.reset();
    m_xenstored->stop();
}

XenstoreBatch TestXenstorePipeline::bigBatch(const QString &root)
{
    XenstoreBatch batch;
    batch.mkdir(root);
    for (int i = 0; i < 3000; ++i)
        batch.write(root + QStringLiteral("/n%1").arg(i), QByteArray::number(i));
    batch.setPermissions(root + QStringLiteral("/n0"), {XenstorePermission{0, XenstorePermission::None},
                                                        XenstorePermission{5, XenstorePermission::Read}});
    batch.remove(root + QStringLiteral("/n1"));
    batch.remove(root + QStringLiteral("/never-there"));
    batch.write(root + QStringLiteral("/last"), "first");
    batch.write(root + QStringLiteral("/last"), "second");
    return batch;
}

void TestXenstorePipeline::verifyBigBatch(const QString &root)
{
    QCOMPARE(m_xs->directory(root).value().size(), 3000); // n0..n2999 less n1, plus last
    QCOMPARE(m_xs->read(root + QStringLiteral("/n2999")).value(), QByteArray("2999"));
    QCOMPARE(m_xs->read(root + QStringLiteral("/n1")).error().code, ENOENT);
    QCOMPARE(m_xs->read(root + QStringLiteral("/last")).value(), QByteArray("second"));
    const QList<XenstorePermission> permissions{XenstorePermission{0, XenstorePermission::None},
                                                XenstorePermission{5, XenstorePermission::Read}};
    QCOMPARE(m_xs->permissions(root + QStringLiteral("/n0")).value(), permissions);
}

void TestXenstorePipeline::batchIsAppliedWholeAndInOrder()
{
    auto pipeline = XenstorePipeline::open(m_xenstored->socketPath());
    QVERIFY(pipeline.ok());
    const XenstoreBatch batch = bigBatch(QStringLiteral("/t/piped"));
    QVERIFY(batch.requests().size() > 20 * XenstorePipeline::kWindow); // many windows' worth
    const auto refused = (*pipeline)->run(batch, 30000);
    QVERIFY2(refused.ok(), refused.ok() ? "" : qPrintable(refused.error().toString()));
    QVERIFY(refused->isEmpty());
    verifyBigBatch(QStringLiteral("/t/piped")); // nothing in flight any more: all of it is there
    // The pipeline stays usable for the next batch.
    XenstoreBatch next;
    next.write(QStringLiteral("/t/piped/again"), "yes");
    QVERIFY((*pipeline)->run(next, 5000).ok());
    QCOMPARE(m_xs->read(QStringLiteral("/t/piped/again")).value(), QByteArray("yes"));
}

void TestXenstorePipeline::refusedRequestNamesItsPathAndTheRestApplies()
{
    auto pipeline = XenstorePipeline::open(m_xenstored->socketPath());
    QVERIFY(pipeline.ok());
    XenstoreBatch batch;
    batch.write(QStringLiteral("/t/mixed/before"), "1");
    batch.write(QStringLiteral("/t/mixed/bad path with spaces"), "x"); // xenstored: EINVAL
    batch.setPermissions(QStringLiteral("/t/mixed/nowhere/deeper"),
                         {XenstorePermission{0, XenstorePermission::None}});
    batch.write(QStringLiteral("/t/mixed/after"), "2");
    const auto refused = (*pipeline)->run(batch, 5000);
    QVERIFY(refused.ok());
    QCOMPARE(refused->size(), 2);
    QCOMPARE(refused->at(0).code, EINVAL);
    QCOMPARE(refused->at(0).path, QStringLiteral("/t/mixed/bad path with spaces"));
    QVERIFY2(refused->at(0).message.contains(QStringLiteral("write")), qPrintable(refused->at(0).message));
    QCOMPARE(refused->at(1).code, ENOENT);
    QCOMPARE(refused->at(1).path, QStringLiteral("/t/mixed/nowhere/deeper"));
    QCOMPARE(m_xs->read(QStringLiteral("/t/mixed/before")).value(), QByteArray("1"));
    QCOMPARE(m_xs->read(QStringLiteral("/t/mixed/after")).value(), QByteArray("2"));
}

void TestXenstorePipeline::oneByOneGivesTheSameTree()
{
    const QList<Error> refused = bigBatch(QStringLiteral("/t/each")).runEach(*m_xs);
    QVERIFY(refused.isEmpty());
    verifyBigBatch(QStringLiteral("/t/each"));
}

void TestXenstorePipeline::xenstoredGoneIsAnError()
{
    XenstoredProcess doomed({m_dir.path() + QStringLiteral("/doomed"), {}, {}, false, true, 5000});
    QVERIFY(doomed.start().ok());
    auto pipeline = XenstorePipeline::open(doomed.socketPath());
    QVERIFY(pipeline.ok());
    QVERIFY(doomed.stop().ok());
    const auto sent = (*pipeline)->run(bigBatch(QStringLiteral("/t/gone")), 5000);
    QVERIFY(!sent.ok()); // the test process is still here: no SIGPIPE
    QVERIFY2(sent.error().code == ECONNRESET || sent.error().code == EPIPE,
             qPrintable(sent.error().toString()));
    QVERIFY(!(*pipeline)->isOpen());
    QCOMPARE((*pipeline)->run(XenstoreBatch{}, 100).error().code, ENOTCONN);
    QVERIFY(!XenstorePipeline::open(doomed.socketPath()).ok());
}

void TestXenstorePipeline::xenstoredSilentIsAnErrorAfterTheSilence()
{
    XenstoredProcess stopped({m_dir.path() + QStringLiteral("/stopped"), {}, {}, false, true, 5000});
    QVERIFY(stopped.start().ok());
    auto pipeline = XenstorePipeline::open(stopped.socketPath());
    QVERIFY(pipeline.ok());
    QCOMPARE(::kill(pid_t(stopped.pid()), SIGSTOP), 0); // alive, connected, answering nothing
    const auto sent = (*pipeline)->run(bigBatch(QStringLiteral("/t/silent")), 300);
    ::kill(pid_t(stopped.pid()), SIGCONT);
    QVERIFY(!sent.ok());
    QCOMPARE(sent.error().code, ETIMEDOUT);
    QVERIFY2(sent.error().message.contains(QStringLiteral("300 ms")), qPrintable(sent.error().message));
    QVERIFY(!(*pipeline)->isOpen());
    QVERIFY(stopped.stop().ok());
}

QTEST_GUILESS_MAIN(TestXenstorePipeline)
#include "test_xenstore_pipeline.moc"
