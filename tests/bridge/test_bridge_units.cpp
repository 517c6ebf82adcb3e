// The bridge's pure parts without a socket: how a domain's paths resolve and
// what it may do with them (the table docs/security.md states), how events of
// relative watches read, how a clone's transaction ids stay apart from its
// orphans, and how a fork finds what the guest's end had not read.
#include "BridgeTransactions.h"
#include "DomainPolicy.h"
#include "GuestOutput.h"

#include <QTest>

using namespace clonedeck;
using namespace clonedeck::bridge;

class TestBridgeUnits : public QObject
{
    Q_OBJECT
private slots:
    void pathsResolveAsXenstoredWould_data();
    void pathsResolveAsXenstoredWould();
    void accessTable_data();
    void accessTable();
    void relativeWatchEventsReadRelatively();
    void cloneTransactionIdsNeverMeetOrphans();
    void undeliveredCountsBackFromTheWritePosition();
};

void TestBridgeUnits::pathsResolveAsXenstoredWould_data()
{
    QTest::addColumn<QByteArray>("guestPath");
    QTest::addColumn<QByteArray>("absolute"); // empty: invalid
    QTest::newRow("relative") << QByteArray("data/x") << QByteArray("/local/domain/5/data/x");
    QTest::newRow("absolute") << QByteArray("/clonedeck/platform") << QByteArray("/clonedeck/platform");
    QTest::newRow("root") << QByteArray("/") << QByteArray("/");
    QTest::newRow("special") << QByteArray("@releaseDomain") << QByteArray("@releaseDomain");
    QTest::newRow("empty") << QByteArray() << QByteArray();
    QTest::newRow("double slash") << QByteArray("/local//domain") << QByteArray();
    QTest::newRow("trailing slash") << QByteArray("data/") << QByteArray();
    QTest::newRow("dot") << QByteArray("../7") << QByteArray();
    QTest::newRow("space") << QByteArray("a b") << QByteArray();
    QTest::newRow("nul") << QByteArray("a\0b", 3) << QByteArray();
    QTest::newRow("relative too long") << QByteArray(2049, 'a') << QByteArray();
    QTest::newRow("relative longest")
        << QByteArray(2048, 'a') << QByteArray("/local/domain/5/") + QByteArray(2048, 'a');
    QTest::newRow("absolute too long") << QByteArray("/") + QByteArray(3072, 'a') << QByteArray();
}

void TestBridgeUnits::pathsResolveAsXenstoredWould()
{
    QFETCH(QByteArray, guestPath);
    QFETCH(QByteArray, absolute);
    QCOMPARE(DomainPolicy(5).resolve(guestPath).value_or(QByteArray()), absolute);
}

void TestBridgeUnits::accessTable_data()
{
    QTest::addColumn<QByteArray>("path");
    QTest::addColumn<bool>("read");
    QTest::addColumn<bool>("write");
    QTest::addColumn<bool>("remove");
    QTest::newRow("own root") << QByteArray("/local/domain/5") << true << true << false;
    QTest::newRow("own data") << QByteArray("/local/domain/5/data/x") << true << true << true;
    QTest::newRow("own requests") << QByteArray("/local/domain/5/clonedeck/requests/q") << true << true
                                  << true;
    QTest::newRow("own clonedeck") << QByteArray("/local/domain/5/clonedeck") << true << true << false;
    QTest::newRow("own replies") << QByteArray("/local/domain/5/clonedeck/replies") << true << false << false;
    QTest::newRow("a reply") << QByteArray("/local/domain/5/clonedeck/replies/r") << true << false << false;
    QTest::newRow("name") << QByteArray("/local/domain/5/name") << true << false << false;
    QTest::newRow("below domid") << QByteArray("/local/domain/5/domid/x") << true << false << false;
    QTest::newRow("namesake") << QByteArray("/local/domain/5/names") << true << true << true;
    QTest::newRow("platform") << QByteArray("/clonedeck/platform") << true << false << false;
    QTest::newRow("platform root") << QByteArray("/clonedeck") << true << false << false;
    QTest::newRow("platform lookalike") << QByteArray("/clonedeckx") << false << false << false;
    QTest::newRow("other domain") << QByteArray("/local/domain/7/x") << false << false << false;
    QTest::newRow("prefix lookalike") << QByteArray("/local/domain/55") << false << false << false;
    QTest::newRow("leading zero") << QByteArray("/local/domain/05") << false << false << false;
    QTest::newRow("all domains") << QByteArray("/local/domain") << false << false << false;
    QTest::newRow("root") << QByteArray("/") << false << false << false;
    QTest::newRow("special") << QByteArray("@introduceDomain") << false << false << false;
}

void TestBridgeUnits::accessTable()
{
    QFETCH(QByteArray, path);
    QFETCH(bool, read);
    QFETCH(bool, write);
    QFETCH(bool, remove);
    const DomainPolicy policy(5);
    QCOMPARE(policy.mayRead(path), read);
    QCOMPARE(policy.mayWrite(path), write);
    QCOMPARE(policy.mayRemove(path), remove);
}

void TestBridgeUnits::relativeWatchEventsReadRelatively()
{
    const DomainPolicy policy(5);
    QCOMPARE(policy.eventPath("/local/domain/5/a/b", true), QByteArray("a/b"));
    QCOMPARE(policy.eventPath("/local/domain/5", true), QByteArray("")); // as xenstored reports it
    QCOMPARE(policy.eventPath("/local/domain/5/a/b", false), QByteArray("/local/domain/5/a/b"));
    QCOMPARE(policy.eventPath("/local/domain/55/a", true), QByteArray("/local/domain/55/a"));
}

void TestBridgeUnits::cloneTransactionIdsNeverMeetOrphans()
{
    BridgeTransactions master;
    QCOMPARE(master.started(1), 1u); // ids pass through unchanged on an ordinary connection
    QCOMPARE(master.started(2), 2u);
    BridgeTransactions clone = master.orphaned();
    QCOMPARE(clone.route(1), BridgeTransactions::Route::Orphaned);
    const quint32 fresh = clone.started(1); // xenstored's ids restart for the clone's connection
    QVERIFY(fresh != 1 && fresh != 2);
    QCOMPARE(clone.route(fresh), BridgeTransactions::Route::Open);
    QCOMPARE(clone.upstreamId(fresh), 1u);
    QCOMPARE(clone.route(1), BridgeTransactions::Route::Orphaned);
    clone.ended(1);
    QCOMPARE(clone.route(1), BridgeTransactions::Route::Unknown);
    QCOMPARE(clone.openCount(), 2);
}

void TestBridgeUnits::undeliveredCountsBackFromTheWritePosition()
{
    GuestOutput output(1024);
    const xswire::Message request{quint32(xswire::Type::Read), 1, 0, QByteArrayLiteral("x")};
    output.appendReply(QByteArray(10, 'a'), request, {});
    output.appendEvent(QByteArray(10, 'b'));
    output.appendReply(QByteArray(10, 'c'), request, {});
    output.written(15); // all of a, half of b
    QCOMPARE(output.unwrittenBytes(), 15);
    QCOMPARE(output.unwrittenEventBytes(), 5);
    // Everything written was read: the rest of b is the guest's partial message, c never sent.
    auto rest = output.undelivered(0);
    QCOMPARE(rest.partialTail, QByteArray(5, 'b'));
    QCOMPARE(rest.chunks.size(), 1);
    // 7 written bytes unread: the guest has 8 bytes of a, so a's tail, then b and c whole.
    rest = output.undelivered(7);
    QCOMPARE(rest.partialTail, QByteArray(2, 'a'));
    QCOMPARE(rest.chunks.size(), 2);
    // Nothing of a arrived: a is re-issued.
    rest = output.undelivered(15);
    QCOMPARE(rest.partialTail, QByteArray());
    QCOMPARE(rest.chunks.size(), 3);
    QVERIFY(rest.chunks.first().answers.has_value());
}

QTEST_GUILESS_MAIN(TestBridgeUnits)
#include "test_bridge_units.moc"
