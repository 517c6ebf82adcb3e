// Launch profiles are files people edit: every field validated on load.
#include "LaunchProfile.h"

#include <QJsonDocument>
#include <QTest>

using namespace clonedeck;

class TestLaunchProfile : public QObject
{
    Q_OBJECT
private slots:
    void roundTrip();
    void rejects_data();
    void rejects();
};

void TestLaunchProfile::roundTrip()
{
    LaunchProfile profile;
    profile.name = QStringLiteral("nightly");
    profile.count = 3;
    profile.command = QStringLiteral("java -jar agent.jar");
    profile.identityFiles = {QStringLiteral("/home/ci/.ssh/id_ed25519")};
    profile.hostKeyPolicy = QStringLiteral("trust-on-first-use");
    profile.teardown = LaunchProfile::Teardown::Kill;
    const auto loaded = LaunchProfile::fromJsonBytes(QJsonDocument(profile.toJson()).toJson());
    QVERIFY(loaded.ok());
    QCOMPARE(loaded->toJson(), profile.toJson());
}

void TestLaunchProfile::rejects_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::newRow("not json") << QByteArray("{nope");
    QTest::newRow("array") << QByteArray("[]");
    QTest::newRow("count zero") << QByteArray(R"({"count": 0})");
    QTest::newRow("count fraction") << QByteArray(R"({"count": 1.5})");
    QTest::newRow("count string") << QByteArray(R"({"count": "3"})");
    QTest::newRow("huge memory") << QByteArray(R"({"memoryMb": 1e30})");
    QTest::newRow("empty command") << QByteArray(R"({"command": "  "})");
    QTest::newRow("unknown policy") << QByteArray(R"({"hostKeyPolicy": "yolo"})");
    QTest::newRow("bad teardown") << QByteArray(R"({"teardown": "explode"})");
    QTest::newRow("identity not list") << QByteArray(R"({"identityFiles": "/x"})");
    QTest::newRow("identity empty path") << QByteArray(R"({"identityFiles": [""]})");
}

void TestLaunchProfile::rejects()
{
    QFETCH(QByteArray, json);
    const auto loaded = LaunchProfile::fromJsonBytes(json);
    QVERIFY(!loaded.ok());
    QCOMPARE(loaded.error().code, EINVAL);
    QVERIFY(!loaded.error().message.isEmpty());
}

QTEST_GUILESS_MAIN(TestLaunchProfile)
#include "test_launch_profile.moc"
