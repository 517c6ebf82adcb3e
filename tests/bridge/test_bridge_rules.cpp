// Every rule of the per-domain bridge, end to end: a guest's requests over its
// endpoint to the real xenstored, answered or refused, and what dom0 sees
// afterwards. Raw wire clients name each request exactly; the libxenstore tools
// (xenstore-read/-write/-ls/-rm/-chmod) show what a guest's libxenstore gets.
#include "BridgeHarness.h"
#include "RawXenstoreClient.h"

#include <QFileInfo>
#include <QTest>

#include <sys/stat.h>

using namespace clonedeck;
using namespace clonedeck::test;
using Type = clonedeck::xswire::Type;

Q_DECLARE_METATYPE(clonedeck::xswire::Type)

class TestBridgeRules : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void guestRequestsFollowThePolicy_data();
    void guestRequestsFollowThePolicy();
    void relativeWatchesReportRelativePaths();
    void watchEventsOnlyForReadablePaths();
    void transactionsCheckEveryOperation();
    void transactionQuotaIsEnforced();
    void libxenstoreToolsSeeTheSameRules();
    void endpointIsTheVmUsersOnly();
    void closedEndpointIsGone();

private:
    QByteArray tree(const QString &path = QStringLiteral("/"));

    BridgeHarness m_harness;
    QString m_endpoint5;
    QString m_endpoint7;
};

void TestBridgeRules::initTestCase()
{
    const QString error = m_harness.start();
    QVERIFY2(error.isEmpty(), qPrintable(error));
    m_harness.publishDomain(5, "master-5");
    m_harness.publishDomain(7, "other-7");
    XenstoreConnection &dom0 = m_harness.dom0();
    QVERIFY(dom0.write(QStringLiteral("/clonedeck/platform"), "version=1 name=embedded client_key=k1").ok());
    QVERIFY(dom0.write(QStringLiteral("/clonedeck/domains/5"), "name=m role=master master=5 created=1").ok());
    QVERIFY(dom0.write(QStringLiteral("/local/domain/5/clonedeck/replies/r1"), "status=ok").ok());
    QVERIFY(dom0.write(QStringLiteral("/local/domain/7/secret"), "s").ok());
    m_endpoint5 = m_harness.openEndpoint(5);
    m_endpoint7 = m_harness.openEndpoint(7);
    QVERIFY(!m_endpoint5.isEmpty() && !m_endpoint7.isEmpty());
}

QByteArray TestBridgeRules::tree(const QString &path)
{
    // Every node and value, as dom0 sees them: what a refused request must leave unchanged.
    QByteArray dump = path.toUtf8() + '=' + m_harness.dom0().read(path).value() + '\n';
    const QStringList children = m_harness.dom0().directory(path).value();
    for (const QString &child : children)
        dump += tree(path == QLatin1String("/") ? path + child : path + QLatin1Char('/') + child);
    return dump;
}

void TestBridgeRules::guestRequestsFollowThePolicy_data()
{
    QTest::addColumn<Type>("type");
    QTest::addColumn<QByteArray>("payload");
    QTest::addColumn<QByteArray>("expected"); // the answer; "*" for any non-error reply
    const auto p = &RawXenstoreClient::path;
    const auto two = &RawXenstoreClient::pair;
    // Allowed: its own subtree (absolute or relative), its replies and identity to read, public records.
    QTest::newRow("read own name") << Type::Read << p("/local/domain/5/name") << QByteArray("master-5");
    QTest::newRow("read relative") << Type::Read << p("name") << QByteArray("master-5");
    QTest::newRow("read own reply") << Type::Read << p("clonedeck/replies/r1") << QByteArray("status=ok");
    QTest::newRow("read platform") << Type::Read << p("/clonedeck/platform")
                                   << QByteArray("version=1 name=embedded client_key=k1");
    QTest::newRow("list platform") << Type::Directory << p("/clonedeck") << QByteArray("*");
    QTest::newRow("perms own") << Type::GetPerms << p("name") << QByteArray("*");
    QTest::newRow("list own in parts")
        << Type::DirectoryPart << two("/local/domain/5", "0") << QByteArray("*");
    QTest::newRow("write relative") << Type::Write << QByteArray("data/a\0v", 8) << QByteArray("OK");
    QTest::newRow("write own request")
        << Type::Write << QByteArray("/local/domain/5/clonedeck/requests/q1\0op=rt", 42) << QByteArray("OK");
    QTest::newRow("mkdir own") << Type::Mkdir << p("/local/domain/5/dir") << QByteArray("OK");
    QTest::newRow("rm own") << Type::Rm << p("data") << QByteArray("OK");
    QTest::newRow("own domain path") << Type::GetDomainPath << p("5") << QByteArray("/local/domain/5");
    // Other domains, lookalikes, the rest of the tree: refused before xenstored sees them.
    QTest::newRow("read other domain") << Type::Read << p("/local/domain/7/secret") << QByteArray("EACCES");
    QTest::newRow("read lookalike 55") << Type::Read << p("/local/domain/55/x") << QByteArray("EACCES");
    QTest::newRow("read lookalike 05") << Type::Read << p("/local/domain/05/x") << QByteArray("EACCES");
    QTest::newRow("list all domains") << Type::Directory << p("/local/domain") << QByteArray("EACCES");
    QTest::newRow("list root") << Type::Directory << p("/") << QByteArray("EACCES");
    QTest::newRow("read tool") << Type::Read << p("/tool/x") << QByteArray("EACCES");
    QTest::newRow("perms other") << Type::GetPerms << p("/local/domain/7") << QByteArray("EACCES");
    QTest::newRow("write other domain")
        << Type::Write << QByteArray("/local/domain/7/x\0v", 19) << QByteArray("EACCES");
    QTest::newRow("request as dom0") << Type::Write
                                     << QByteArray("/local/domain/0/clonedeck/requests/k\0op=kill ticket=t1",
                                                   54)
                                     << QByteArray("EACCES");
    QTest::newRow("rm other domain") << Type::Rm << p("/local/domain/7") << QByteArray("EACCES");
    // Only clonedeckd writes what clients trust.
    QTest::newRow("forge client key")
        << Type::Write << QByteArray("/clonedeck/platform\0client_key=forged", 37) << QByteArray("EACCES");
    QTest::newRow("forge lineage") << Type::Write
                                   << QByteArray("/clonedeck/domains/5\0master=9 created=2", 39)
                                   << QByteArray("EACCES");
    QTest::newRow("mkdir platform") << Type::Mkdir << p("/clonedeck/x") << QByteArray("EACCES");
    QTest::newRow("rm domain record") << Type::Rm << p("/clonedeck/domains/5") << QByteArray("EACCES");
    // The platform's keys under its own path: readable, never writable.
    QTest::newRow("write name") << Type::Write << QByteArray("name\0evil", 9) << QByteArray("EACCES");
    QTest::newRow("write domid") << Type::Write
                                 << QByteArray("/local/domain/5/domid\0"
                                               "0",
                                               23)
                                 << QByteArray("EACCES");
    QTest::newRow("below name") << Type::Mkdir << p("name/x") << QByteArray("EACCES");
    QTest::newRow("forge reply") << Type::Write << QByteArray("clonedeck/replies/r1\0status=ok ticket=t9", 40)
                                 << QByteArray("EACCES");
    QTest::newRow("new reply") << Type::Write << QByteArray("clonedeck/replies/r2\0status=ok", 30)
                               << QByteArray("EACCES");
    QTest::newRow("rm replies") << Type::Rm << p("clonedeck/replies") << QByteArray("EACCES");
    QTest::newRow("rm their parent") << Type::Rm << p("clonedeck") << QByteArray("EACCES");
    QTest::newRow("rm own root") << Type::Rm << p("/local/domain/5") << QByteArray("EACCES");
    QTest::newRow("rm name") << Type::Rm << p("name") << QByteArray("EACCES");
    // Watches only where it may read.
    QTest::newRow("watch other") << Type::Watch << two("/local/domain/7", "t") << QByteArray("EACCES");
    QTest::newRow("watch root") << Type::Watch << two("/", "t") << QByteArray("EACCES");
    QTest::newRow("watch all domains") << Type::Watch << two("/local/domain", "t") << QByteArray("EACCES");
    QTest::newRow("watch release") << Type::Watch << two("@releaseDomain", "t") << QByteArray("EACCES");
    QTest::newRow("watch introduce") << Type::Watch << two("@introduceDomain", "t") << QByteArray("EACCES");
    QTest::newRow("domain path of other") << Type::GetDomainPath << p("7") << QByteArray("EACCES");
    QTest::newRow("domain path of dom0") << Type::GetDomainPath << p("0") << QByteArray("EACCES");
    // Privileged and unknown operations.
    QTest::newRow("introduce") << Type::Introduce
                               << QByteArray("9\0"
                                             "1\0"
                                             "1\0",
                                             6)
                               << QByteArray("EACCES");
    QTest::newRow("release") << Type::Release << p("7") << QByteArray("EACCES");
    QTest::newRow("set target") << Type::SetTarget << two("5", "7") << QByteArray("EACCES");
    QTest::newRow("resume") << Type::Resume << p("7") << QByteArray("EACCES");
    QTest::newRow("reset watches") << Type::ResetWatches << QByteArray() << QByteArray("EACCES");
    QTest::newRow("control") << Type::Control << p("log") << QByteArray("EACCES");
    QTest::newRow("set perms own") << Type::SetPerms << two("/local/domain/5", "b5") << QByteArray("EACCES");
    QTest::newRow("is introduced") << Type::IsDomainIntroduced << p("7") << QByteArray("EACCES");
    QTest::newRow("watch event") << Type::WatchEvent << two("/x", "t") << QByteArray("EACCES");
    QTest::newRow("error") << Type::Error << p("EINVAL") << QByteArray("EACCES");
    QTest::newRow("unknown type") << Type(999) << p("x") << QByteArray("EACCES");
    // What xenstored would reject as malformed, rejected the same way.
    QTest::newRow("no terminator") << Type::Read << QByteArray("name") << QByteArray("EINVAL");
    QTest::newRow("double slash") << Type::Read << p("a//b") << QByteArray("EINVAL");
    QTest::newRow("trailing slash") << Type::Read << p("data/") << QByteArray("EINVAL");
    QTest::newRow("dot dot") << Type::Read << p("../7/secret") << QByteArray("EINVAL");
    QTest::newRow("empty path") << Type::Read << p("") << QByteArray("EINVAL");
    QTest::newRow("write without value") << Type::Write << QByteArray("data") << QByteArray("EINVAL");
    QTest::newRow("watch without token") << Type::Watch << p("data") << QByteArray("EINVAL");
    QTest::newRow("end no transaction") << Type::TransactionEnd << p("T") << QByteArray("ENOENT");
}

void TestBridgeRules::guestRequestsFollowThePolicy()
{
    QFETCH(Type, type);
    QFETCH(QByteArray, payload);
    QFETCH(QByteArray, expected);
    auto guest = RawXenstoreClient::connect(m_endpoint5);
    QVERIFY(guest);
    const QByteArray before = tree();
    const auto reply = guest->call(type, payload);
    QVERIFY2(reply, "no reply");
    if (expected == "*")
        QCOMPARE(reply->type, quint32(type));
    else
        QCOMPARE(RawXenstoreClient::answerOf(reply), expected);
    if (reply->kind() == Type::Error)
        QCOMPARE(tree(), before); // a refusal changes nothing
    // The connection keeps serving after any answer.
    QCOMPARE(RawXenstoreClient::answerOf(guest->call(Type::Read, RawXenstoreClient::path("domid"))),
             QByteArray("5"));
}

void TestBridgeRules::relativeWatchesReportRelativePaths()
{
    auto guest = RawXenstoreClient::connect(m_endpoint5);
    QVERIFY(guest);
    // One token for a relative and an absolute watch: each event still says which it is.
    QCOMPARE(RawXenstoreClient::answerOf(guest->call(Type::Watch, RawXenstoreClient::pair("w", "tok"))),
             "OK");
    QCOMPARE(RawXenstoreClient::answerOf(
                 guest->call(Type::Watch, RawXenstoreClient::pair("/local/domain/5/w", "tok2"))),
             "OK");
    QCOMPARE(RawXenstoreClient::answerOf(
                 guest->call(Type::Watch, RawXenstoreClient::pair("/local/domain/5", "tok"))),
             "OK");
    // The first event of each watch names its path as the guest wrote it.
    QCOMPARE(guest->nextEventPayloads(3),
             (QSet<QByteArray>{RawXenstoreClient::pair("w", "tok"),
                               RawXenstoreClient::pair("/local/domain/5/w", "tok2"),
                               RawXenstoreClient::pair("/local/domain/5", "tok")}));
    QVERIFY(m_harness.dom0().write(QStringLiteral("/local/domain/5/w/c"), "1").ok());
    QCOMPARE(guest->nextEventPayloads(3),
             (QSet<QByteArray>{RawXenstoreClient::pair("w/c", "tok"),
                               RawXenstoreClient::pair("/local/domain/5/w/c", "tok2"),
                               RawXenstoreClient::pair("/local/domain/5/w/c", "tok")}));
    // A duplicate (same node, same token) is refused as xenstored refuses it; removal by either spelling.
    QCOMPARE(RawXenstoreClient::answerOf(
                 guest->call(Type::Watch, RawXenstoreClient::pair("/local/domain/5/w", "tok"))),
             "EEXIST");
    QCOMPARE(RawXenstoreClient::answerOf(
                 guest->call(Type::Unwatch, RawXenstoreClient::pair("/local/domain/5/w", "tok"))),
             "OK");
    QCOMPARE(RawXenstoreClient::answerOf(guest->call(Type::Unwatch, RawXenstoreClient::pair("w", "tok"))),
             "ENOENT");
}

void TestBridgeRules::watchEventsOnlyForReadablePaths()
{
    auto guest5 = RawXenstoreClient::connect(m_endpoint5);
    auto guest7 = RawXenstoreClient::connect(m_endpoint7);
    QVERIFY(guest5 && guest7);
    QCOMPARE(
        RawXenstoreClient::answerOf(guest5->call(Type::Watch, RawXenstoreClient::pair("/clonedeck", "pub"))),
        "OK");
    QCOMPARE(RawXenstoreClient::answerOf(guest5->call(Type::Watch, RawXenstoreClient::pair("ev", "own"))),
             "OK");
    QCOMPARE(RawXenstoreClient::answerOf(guest7->call(Type::Watch, RawXenstoreClient::pair("ev", "own7"))),
             "OK");
    // Writes elsewhere, then a sentinel in each guest's own subtree: events arrive in order, so
    // everything before the sentinel is all the guest was ever going to get of those writes.
    XenstoreConnection &dom0 = m_harness.dom0();
    QVERIFY(dom0.write(QStringLiteral("/local/domain/7/ev/secret"), "s").ok());
    QVERIFY(dom0.write(QStringLiteral("/local/domain/0/ev/x"), "s").ok());
    QVERIFY(dom0.write(QStringLiteral("/clonedeck/tickets/t1"), "owner=5").ok());
    QVERIFY(dom0.write(QStringLiteral("/local/domain/5/ev/sentinel"), "1").ok());
    QVERIFY(dom0.write(QStringLiteral("/local/domain/7/ev/sentinel"), "1").ok());
    QList<QByteArray> seen5;
    while (!seen5.contains(RawXenstoreClient::pair("ev/sentinel", "own"))) {
        const auto event = guest5->nextEvent();
        QVERIFY2(event, "the sentinel's event never came");
        seen5.append(event->payload);
    }
    QVERIFY(seen5.contains(RawXenstoreClient::pair("/clonedeck/tickets/t1", "pub")));
    for (const QByteArray &event : seen5)
        QVERIFY2(!event.contains("secret") && !event.contains("/local/domain/0"), event.constData());
    QList<QByteArray> seen7;
    while (!seen7.contains(RawXenstoreClient::pair("ev/sentinel", "own7"))) {
        const auto event = guest7->nextEvent();
        QVERIFY2(event, "the sentinel's event never came");
        seen7.append(event->payload);
    }
    QVERIFY(seen7.contains(RawXenstoreClient::pair("ev/secret", "own7"))); // its own, relatively
    QCOMPARE(seen7.size(), 3);                                             // first event, secret, sentinel
}

void TestBridgeRules::transactionsCheckEveryOperation()
{
    auto guest = RawXenstoreClient::connect(m_endpoint5);
    QVERIFY(guest);
    const auto started = guest->call(Type::TransactionStart, RawXenstoreClient::path(""));
    QVERIFY(started && started->kind() == Type::TransactionStart);
    const quint32 tx = RawXenstoreClient::answerOf(started).toUInt();
    QVERIFY(tx != 0);
    const QByteArray write = QByteArray("tx/a\0in", 7);
    QCOMPARE(RawXenstoreClient::answerOf(guest->call(Type::Write, write, tx)), "OK");
    QCOMPARE(
        RawXenstoreClient::answerOf(guest->call(Type::Write, QByteArray("/local/domain/7/tx\0x", 20), tx)),
        "EACCES");
    QCOMPARE(
        RawXenstoreClient::answerOf(guest->call(Type::Write, QByteArray("/clonedeck/platform\0x", 21), tx)),
        "EACCES");
    QCOMPARE(RawXenstoreClient::answerOf(guest->call(Type::Read, RawXenstoreClient::path("tx/a"), tx)), "in");
    QVERIFY(!m_harness.dom0().read(QStringLiteral("/local/domain/5/tx/a")).ok()); // not before the commit
    QCOMPARE(RawXenstoreClient::answerOf(guest->call(Type::TransactionEnd, RawXenstoreClient::path("T"), tx)),
             "OK");
    QCOMPARE(m_harness.dom0().read(QStringLiteral("/local/domain/5/tx/a")).value(), QByteArray("in"));
    QVERIFY(!m_harness.dom0().read(QStringLiteral("/local/domain/7/tx")).ok());
    // A transaction id that is not this connection's.
    QCOMPARE(RawXenstoreClient::answerOf(guest->call(Type::Read, RawXenstoreClient::path("tx/a"), tx)),
             "ENOENT");
    QCOMPARE(RawXenstoreClient::answerOf(guest->call(Type::Read, RawXenstoreClient::path("tx/a"), 4242)),
             "ENOENT");
}

void TestBridgeRules::transactionQuotaIsEnforced()
{
    auto guest = RawXenstoreClient::connect(m_endpoint5);
    QVERIFY(guest);
    for (int i = 0; i < bridge::BridgeLimits{}.transactionsPerConnection; ++i)
        QCOMPARE(guest->call(Type::TransactionStart, RawXenstoreClient::path(""))->kind(),
                 Type::TransactionStart);
    QCOMPARE(RawXenstoreClient::answerOf(guest->call(Type::TransactionStart, RawXenstoreClient::path(""))),
             "ENOSPC");
}

void TestBridgeRules::libxenstoreToolsSeeTheSameRules()
{
    // Through the real libxenstore, as a guest's own tools reach their endpoint.
    QCOMPARE(
        m_harness
            .runTool(QStringLiteral("xenstore-write"), {QStringLiteral("tools/x"), QStringLiteral("1")}, 5)
            .exitCode,
        0);
    QCOMPARE(m_harness.dom0().read(QStringLiteral("/local/domain/5/tools/x")).value(), QByteArray("1"));
    const ToolResult own = m_harness.runTool(QStringLiteral("xenstore-read"), {QStringLiteral("name")}, 5);
    QCOMPARE(own.exitCode, 0);
    QCOMPARE(own.out.trimmed(), QByteArray("master-5"));
    const ToolResult other =
        m_harness.runTool(QStringLiteral("xenstore-read"), {QStringLiteral("/local/domain/7/secret")}, 5);
    QVERIFY(other.exitCode != 0);
    QVERIFY(other.out.isEmpty());
    const ToolResult forge =
        m_harness.runTool(QStringLiteral("xenstore-write"),
                          {QStringLiteral("/clonedeck/platform"), QStringLiteral("forged")}, 5);
    QVERIFY(forge.exitCode != 0);
    QCOMPARE(m_harness.dom0().read(QStringLiteral("/clonedeck/platform")).value(),
             QByteArray("version=1 name=embedded client_key=k1"));
    QVERIFY(
        m_harness
            .runTool(QStringLiteral("xenstore-chmod"), {QStringLiteral("tools/x"), QStringLiteral("b5")}, 5)
            .exitCode != 0);
    QVERIFY(
        m_harness.runTool(QStringLiteral("xenstore-rm"), {QStringLiteral("/local/domain/7")}, 5).exitCode !=
        0);
    QVERIFY(m_harness.dom0().read(QStringLiteral("/local/domain/7/secret")).ok());
    const ToolResult listing =
        m_harness.runTool(QStringLiteral("xenstore-ls"), {QStringLiteral("/clonedeck")}, 5);
    QCOMPARE(listing.exitCode, 0);
    QVERIFY(listing.out.contains("platform"));
}

void TestBridgeRules::endpointIsTheVmUsersOnly()
{
    struct stat status;
    QCOMPARE(::stat(QFile::encodeName(m_endpoint5).constData(), &status), 0);
    QCOMPARE(status.st_mode & 0777, 0600u);
    QCOMPARE(::stat(QFile::encodeName(m_harness.bridgeDirectory()).constData(), &status), 0);
    QCOMPARE(status.st_mode & 0777, 0711u);
    if (::geteuid() != 0)
        QSKIP("giving an endpoint to another user needs root");
    // Owned by the VM's user: that user's processes reach it, any other user's do not. (The
    // directories above the bridge's must let the VM's user through, as clonedeckd's run directory does.)
    QVERIFY(::chmod(QFile::encodeName(m_harness.rootDirectory()).constData(), 0711) == 0);
    const QString endpoint = m_harness.openEndpoint(9, 65534);
    m_harness.publishDomain(9, "vm-9");
    QCOMPARE(::stat(QFile::encodeName(endpoint).constData(), &status), 0);
    QCOMPARE(status.st_uid, 65534u);
    const QStringList asOwner{QStringLiteral("setpriv"), QStringLiteral("--reuid=65534"),
                              QStringLiteral("--regid=65534"), QStringLiteral("--clear-groups")};
    const QStringList asStranger{QStringLiteral("setpriv"), QStringLiteral("--reuid=4242"),
                                 QStringLiteral("--regid=4242"), QStringLiteral("--clear-groups")};
    const ToolResult owner =
        m_harness.runTool(QStringLiteral("xenstore-read"), {QStringLiteral("name")}, 9, asOwner);
    QCOMPARE(owner.exitCode, 0);
    QCOMPARE(owner.out.trimmed(), QByteArray("vm-9"));
    QVERIFY(m_harness.runTool(QStringLiteral("xenstore-read"), {QStringLiteral("name")}, 9, asStranger)
                .exitCode != 0);
    QVERIFY(
        m_harness.runTool(QStringLiteral("xenstore-read"), {QStringLiteral("name")}, 5, asOwner).exitCode !=
        0);
}

void TestBridgeRules::closedEndpointIsGone()
{
    const QString endpoint = m_harness.openEndpoint(11);
    auto guest = RawXenstoreClient::connect(endpoint);
    QVERIFY(guest);
    QCOMPARE(RawXenstoreClient::answerOf(guest->call(Type::GetDomainPath, RawXenstoreClient::path("11"))),
             "/local/domain/11");
    QCOMPARE(m_harness.connectionCount(11), 1);
    m_harness.closeEndpoint(11);
    QVERIFY(guest->waitClosed());
    QVERIFY(!QFileInfo::exists(endpoint));
    QVERIFY(!RawXenstoreClient::connect(endpoint));
}

QTEST_GUILESS_MAIN(TestBridgeRules)
#include "test_bridge_rules.moc"
