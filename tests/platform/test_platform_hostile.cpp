// Every request value is hostile input: malformed, oversized, binary, wrong
// types, unknown ops, other domains' business. Each gets a clear error reply
// and changes nothing; the platform keeps serving.
#include "PlatformClient.h"
#include "PlatformFixture.h"
#include "ProtocolPaths.h"
#include "XenstoreConnection.h"

#include <QDir>
#include <QTest>

using namespace clonedeck;
using namespace clonedeck::test;

class TestPlatformHostile : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();
    void malformedRequestsAreRejected_data();
    void malformedRequestsAreRejected();
    void otherDomainsBusinessIsRefused();
    void junkUnderOwnPathIsIgnored();
    void aDomainKeepsItsNewestRepliesOnlyReadableByIt();

private:
    Reply rawRequest(int domid, const QString &id, const QByteArray &value);
    QByteArray snapshot();

    PlatformFixture m_platform;
    std::unique_ptr<XenstoreConnection> m_xs;
};

void TestPlatformHostile::initTestCase()
{
    PlatformFixture::Options options;
    options.hosts = QStringLiteral("host1:8:8192");
    const QString error = m_platform.start(options);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    auto connection = XenstoreConnection::open(m_platform.socketPath());
    QVERIFY(connection.ok());
    m_xs = std::move(connection).value();
}

void TestPlatformHostile::cleanupTestCase()
{
    m_xs.reset();
    m_platform.stop();
}

Reply TestPlatformHostile::rawRequest(int domid, const QString &id, const QByteArray &value)
{
    const QString replyPath = protocol::replyPath(domid, id);
    m_xs->watch(replyPath, id);
    m_xs->write(protocol::requestPath(domid, id), value);
    QDeadlineTimer deadline(10000);
    while (!deadline.hasExpired()) {
        if (const auto reply = m_xs->read(replyPath)) {
            m_xs->unwatch(replyPath, id);
            const auto parsed = Reply::parse(*reply);
            return parsed ? *parsed : Reply::failure(Error{EPROTO, {}, QStringLiteral("unparsable reply")});
        }
        m_xs->waitWatchEvent(deadline);
    }
    m_xs->unwatch(replyPath, id);
    return Reply::failure(Error{ETIMEDOUT, {}, QStringLiteral("no reply")});
}

QByteArray TestPlatformHostile::snapshot()
{
    // Tickets, domains and hosts as published: what a rejected request must not change.
    QByteArray state;
    for (const QString &dir : {protocol::ticketsPath(), protocol::domainsPath(), protocol::hostsPath()}) {
        const auto names = m_xs->directory(dir);
        for (const QString &name : names ? *names : QStringList{})
            state += name.toUtf8() + '=' + m_xs->read(dir + QLatin1Char('/') + name).value() + '\n';
    }
    return state;
}

void TestPlatformHostile::malformedRequestsAreRejected_data()
{
    QTest::addColumn<QByteArray>("value");
    QTest::addColumn<int>("errorCode");
    QTest::newRow("empty") << QByteArray() << ENOSYS;
    QTest::newRow("unknown op") << QByteArray("op=format_disk") << ENOSYS;
    QTest::newRow("shell in op") << QByteArray("op=$(touch%20/tmp/pwned)") << EINVAL;
    QTest::newRow("encoded shell in op") << QByteArray("op=%24%28touch%20/tmp/pwned%29") << ENOSYS;
    QTest::newRow("oversized") << QByteArray(3000, 'a') << E2BIG;
    static const char binary[] = "op=rt\x00\x01\xff count=1"; // NULs inside: the length from sizeof
    QTest::newRow("binary") << QByteArray(binary, sizeof binary - 1) << EINVAL;
    QTest::newRow("invalid utf8") << QByteArray("op=rt count=%FF%FE") << EINVAL;
    QTest::newRow("escape sequence") << QByteArray("op=rt count=%1B[2J") << EINVAL;
    QTest::newRow("count not a number")
        << QByteArray("op=rt count=many vcpus=1 memory=1 timeout=0") << EINVAL;
    QTest::newRow("negative count") << QByteArray("op=rt count=-1 vcpus=1 memory=1 timeout=0") << EINVAL;
    QTest::newRow("huge count") << QByteArray("op=rt count=99999999999999999999 vcpus=1 memory=1 timeout=0")
                                << EINVAL;
    QTest::newRow("missing field") << QByteArray("op=rt count=1 vcpus=1") << EINVAL;
    QTest::newRow("extra field") << QByteArray("op=rt count=1 vcpus=1 memory=1 timeout=0 exec=sh") << EINVAL;
    QTest::newRow("duplicate key") << QByteArray("op=rt op=join") << EINVAL;
    QTest::newRow("bad ticket id") << QByteArray("op=clone ticket=../../x") << EINVAL;
    QTest::newRow("kill both") << QByteArray("op=kill ticket=t1 domid=2") << EINVAL;
    QTest::newRow("unknown ticket") << QByteArray("op=clone ticket=t999999") << ENOENT;
}

void TestPlatformHostile::malformedRequestsAreRejected()
{
    QFETCH(QByteArray, value);
    QFETCH(int, errorCode);
    const QByteArray before = snapshot();
    const Reply reply = rawRequest(
        1,
        QStringLiteral("hostile-%1").arg(QTest::currentDataTag()).replace(QLatin1Char(' '), QLatin1Char('-')),
        value);
    QVERIFY(!reply.ok);
    QVERIFY2(reply.errorCode == errorCode,
             qPrintable(Error::errnoName(reply.errorCode) + QStringLiteral(": ") + reply.message));
    QVERIFY(!reply.message.isEmpty());
    QCOMPARE(snapshot(), before);
    QVERIFY(!QFile::exists(QStringLiteral("/tmp/pwned")));
}

void TestPlatformHostile::otherDomainsBusinessIsRefused()
{
    PlatformClient master(*m_xs, 1);
    const auto grant = master.requestTicket(2, 1, 64, 0);
    QVERIFY(grant.ok());
    const auto domids = master.clone(grant->ticket);
    QVERIFY(domids.ok());
    const QByteArray before = snapshot();

    // A clone may not request tickets, clone on its master's ticket, kill its sibling or kill its master.
    const int clone = domids->at(0);
    const int sibling = domids->at(1);
    QCOMPARE(rawRequest(clone, QStringLiteral("c1"), "op=rt count=1 vcpus=1 memory=1 timeout=0").errorCode,
             EACCES);
    QCOMPARE(rawRequest(clone, QStringLiteral("c2"), "op=clone ticket=" + grant->ticket.toUtf8()).errorCode,
             EACCES);
    QCOMPARE(
        rawRequest(clone, QStringLiteral("c3"), "op=kill domid=" + QByteArray::number(sibling)).errorCode,
        EACCES);
    QCOMPARE(rawRequest(clone, QStringLiteral("c4"), "op=kill domid=1").errorCode, EACCES);
    QCOMPARE(rawRequest(clone, QStringLiteral("c5"), "op=kill ticket=" + grant->ticket.toUtf8()).errorCode,
             EACCES);
    // A domain the platform does not know gets told so.
    QCOMPARE(rawRequest(4321, QStringLiteral("u1"), "op=join report=0").errorCode, ENOENT);
    QCOMPARE(snapshot(), before);
    QVERIFY(PlatformClient(*m_xs, 1).killTicket(grant->ticket).ok());
}

void TestPlatformHostile::junkUnderOwnPathIsIgnored()
{
    // A domain may write what it likes under its own path; only request nodes are read, and
    // badly named request nodes are removed unanswered.
    for (int i = 0; i < 200; ++i)
        m_xs->write(protocol::localDomainPath(1) + QStringLiteral("/junk/n%1").arg(i),
                    QByteArray(1000, char('a' + i % 26)));
    m_xs->write(protocol::requestsPath(1) + QStringLiteral("/bad.name"), "op=rt");
    PlatformClient master(*m_xs, 1);
    QTRY_VERIFY_WITH_TIMEOUT(!m_xs->read(protocol::requestsPath(1) + QStringLiteral("/bad.name")).ok(), 5000);
    // Still serving, promptly.
    const auto grant = master.requestTicket(1, 1, 64, 0);
    QVERIFY(grant.ok());
    QVERIFY(master.release(grant->ticket).ok());
    m_xs->remove(protocol::localDomainPath(1) + QStringLiteral("/junk"));
}

void TestPlatformHostile::aDomainKeepsItsNewestRepliesOnlyReadableByIt()
{
    // More requests than the platform keeps replies for one domain (64): the oldest go.
    const QString prefix = QStringLiteral("bound-");
    for (int i = 0; i < 80; ++i)
        QVERIFY(!rawRequest(1, prefix + QString::number(i), "op=no-such-op").ok);
    // The oldest goes right after the newest is written: the caller may see the newest first.
    const auto ours = [&] {
        const auto names = m_xs->directory(protocol::repliesPath(1));
        return names ? names->filter(prefix) : QStringList();
    };
    QTRY_COMPARE_WITH_TIMEOUT(ours().size(), 64, 5000);
    QVERIFY(!ours().contains(prefix + QStringLiteral("15")));
    QVERIFY(ours().contains(prefix + QStringLiteral("16")) && ours().contains(prefix + QStringLiteral("79")));
    // Each reply has its directory's permissions: dom0's, readable by the domain and no other.
    const CommandResult ls =
        m_platform.run(QStringLiteral("xenstore-ls"), {QStringLiteral("-p"), protocol::repliesPath(1)},
                       m_platform.environment());
    QCOMPARE(ls.exitCode, 0);
    const QByteArrayList lines = ls.out.trimmed().split('\n');
    QVERIFY(lines.size() >= 64);
    for (const QByteArray &line : lines)
        QVERIFY2(line.endsWith("(n0,r1)"), line.constData());
}

QTEST_GUILESS_MAIN(TestPlatformHostile)
#include "test_platform_hostile.moc"
