// Where a policy over several hosts puts its next clone (PolicyHosts::choose): spread evens
// the clones out (fewest of ours, then the most room), pack fills the first host with room;
// an unreachable host or one without room is never chosen. And the policy's host list and
// placement survive JSON, with bad values refused.
#include "PolicyConfig.h"
#include "PolicyHosts.h"

#include <QJsonArray>
#include <QTest>

using namespace clonedeck;

using Candidates = QList<PolicyHosts::Candidate>;
Q_DECLARE_METATYPE(Candidates)
Q_DECLARE_METATYPE(PolicyConfig::Placement)

class TestHostPlacement : public QObject
{
    Q_OBJECT
private slots:
    void choose_data();
    void choose();
    void spreadsSixOverThree();
    void configRoundTrip();
    void configRefusesBadHosts_data();
    void configRefusesBadHosts();
};

void TestHostPlacement::choose_data()
{
    QTest::addColumn<Candidates>("candidates");
    QTest::addColumn<PolicyConfig::Placement>("placement");
    QTest::addColumn<int>("chosen");
    const auto spread = PolicyConfig::Placement::Spread;
    const auto pack = PolicyConfig::Placement::Pack;
    // {host, reachable, freeSlots, ours}
    QTest::newRow("spread: fewest of ours")
        << Candidates{{"a", true, 5, 2}, {"b", true, 5, 1}, {"c", true, 5, 2}} << spread << 1;
    QTest::newRow("spread: a tie goes to the most room")
        << Candidates{{"a", true, 3, 1}, {"b", true, 9, 1}, {"c", true, 5, 1}} << spread << 1;
    QTest::newRow("spread: unreachable skipped")
        << Candidates{{"a", true, 5, 3}, {"b", false, 9, 0}, {"c", true, 5, 2}} << spread << 2;
    QTest::newRow("spread: full skipped") << Candidates{{"a", true, 0, 0}, {"b", true, 1, 4}} << spread << 1;
    QTest::newRow("pack: the first with room")
        << Candidates{{"a", true, 0, 4}, {"b", true, 2, 1}, {"c", true, 9, 0}} << pack << 1;
    QTest::newRow("pack: unreachable skipped")
        << Candidates{{"a", false, 5, 0}, {"b", true, 2, 1}} << pack << 1;
    QTest::newRow("none reachable") << Candidates{{"a", false, 5, 0}, {"b", false, 5, 0}} << spread << -1;
    QTest::newRow("no room anywhere") << Candidates{{"a", true, 0, 0}, {"b", true, -1, 0}} << pack << -1;
    QTest::newRow("no hosts") << Candidates{} << spread << -1;
}

void TestHostPlacement::choose()
{
    QFETCH(Candidates, candidates);
    QFETCH(PolicyConfig::Placement, placement);
    QFETCH(int, chosen);
    QCOMPARE(PolicyHosts::choose(candidates, placement), chosen);
}

void TestHostPlacement::spreadsSixOverThree()
{
    Candidates hosts{{"a", true, 10, 0}, {"b", true, 4, 0}, {"c", true, 7, 0}};
    for (int clone = 0; clone < 6; ++clone) {
        const int chosen = PolicyHosts::choose(hosts, PolicyConfig::Placement::Spread);
        QVERIFY(chosen >= 0);
        ++hosts[chosen].ours;
        --hosts[chosen].freeSlots;
    }
    for (const auto &host : hosts)
        QCOMPARE(host.ours, 2);
}

void TestHostPlacement::configRoundTrip()
{
    PolicyConfig config;
    config.hosts = {QStringLiteral("local"), QStringLiteral("rack2")};
    config.placement = PolicyConfig::Placement::Pack;
    const auto back = PolicyConfig::fromJson(config.toJson());
    QVERIFY(back);
    QCOMPARE(back->hosts, config.hosts);
    QCOMPARE(back->placement, PolicyConfig::Placement::Pack);
    const auto plain = PolicyConfig::fromJson(QJsonObject{}); // older files: the primary, spread
    QVERIFY(plain);
    QVERIFY(plain->hosts.isEmpty());
    QCOMPARE(plain->placement, PolicyConfig::Placement::Spread);
}

void TestHostPlacement::configRefusesBadHosts_data()
{
    QTest::addColumn<QJsonObject>("json");
    QTest::addColumn<QString>("field");
    QTest::newRow("not strings") << QJsonObject{{"hosts", QJsonArray{1, 2}}} << "hosts";
    QTest::newRow("empty name") << QJsonObject{{"hosts", QJsonArray{"a", ""}}} << "hosts";
    QTest::newRow("twice") << QJsonObject{{"hosts", QJsonArray{"a", "a"}}} << "hosts";
    QTest::newRow("unknown placement") << QJsonObject{{"placement", "random"}} << "placement";
}

void TestHostPlacement::configRefusesBadHosts()
{
    QFETCH(QJsonObject, json);
    QFETCH(QString, field);
    const auto config = PolicyConfig::fromJson(json);
    QVERIFY(!config);
    QCOMPARE(config.error().code, EINVAL);
    QVERIFY(config.error().path.endsWith(field));
}

QTEST_GUILESS_MAIN(TestHostPlacement)
#include "test_host_placement.moc"
