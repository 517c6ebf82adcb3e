// clonectl's output contract and exit codes, which scripts depend on.
#include "PlatformFixture.h"
#include "TestEnvironment.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTest>

using namespace clonedeck::test;

class TestClonectlContract : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();
    void rtPrintsTicketOnOneLine();
    void rtTimesOutWithBusy();
    void ltdListsKeyValuePairs();
    void exitCodes_data();
    void exitCodes();
    void helpPerVerb_data();
    void helpPerVerb();
    void unreachablePlatform();
    void jsonListings();

private:
    PlatformFixture m_platform;
};

void TestClonectlContract::initTestCase()
{
    PlatformFixture::Options options;
    options.hosts = QStringLiteral("host1:4:4096"); // the master takes 1 vCPU: 3 slots of 1 vCPU remain
    const QString error = m_platform.start(options);
    QVERIFY2(error.isEmpty(), qPrintable(error));
}

void TestClonectlContract::cleanupTestCase()
{
    m_platform.stop();
}

void TestClonectlContract::rtPrintsTicketOnOneLine()
{
    const CommandResult rt =
        m_platform.clonectl({QStringLiteral("rt"), QStringLiteral("1"), QStringLiteral("1"),
                             QStringLiteral("1"), QStringLiteral("60000")});
    QCOMPARE(rt.exitCode, 0);
    QVERIFY2(QRegularExpression(QStringLiteral("\\Aticket t[0-9]+ granted 1 requested 1\\n\\z"))
                 .match(QString::fromUtf8(rt.out))
                 .hasMatch(),
             rt.out.constData());
    const QString ticket = QString::fromUtf8(rt.out).split(QLatin1Char(' '))[1];
    QCOMPARE(m_platform.clonectl({QStringLiteral("release"), ticket}).exitCode, 0);
}

void TestClonectlContract::rtTimesOutWithBusy()
{
    // Take all three free slots, then ask for more with a short timeout.
    const CommandResult all =
        m_platform.clonectl({QStringLiteral("rt"), QStringLiteral("3"), QStringLiteral("1"),
                             QStringLiteral("1"), QStringLiteral("1000")});
    QCOMPARE(all.exitCode, 0);
    QVERIFY(all.out.contains("granted 3 requested 3"));
    QElapsedTimer timer;
    timer.start();
    const CommandResult busy =
        m_platform.clonectl({QStringLiteral("rt"), QStringLiteral("1"), QStringLiteral("1"),
                             QStringLiteral("1"), QStringLiteral("700")});
    const qint64 elapsed = timer.elapsed();
    QCOMPARE(busy.exitCode, 16);
    QVERIFY(busy.out.isEmpty());
    QVERIFY2(busy.err.contains("EBUSY"), busy.err.constData());
    QVERIFY2(elapsed >= 700, qPrintable(QString::number(elapsed)));
    QVERIFY2(elapsed < 700 + 3000, qPrintable(QString::number(elapsed))); // and not much later
    QCOMPARE(m_platform
                 .clonectl({QStringLiteral("release"), QString::fromUtf8(all.out).split(QLatin1Char(' '))[1]})
                 .exitCode,
             0);
}

void TestClonectlContract::ltdListsKeyValuePairs()
{
    const CommandResult rt =
        m_platform.clonectl({QStringLiteral("rt"), QStringLiteral("2"), QStringLiteral("1"),
                             QStringLiteral("64"), QStringLiteral("5000")});
    QCOMPARE(rt.exitCode, 0);
    const QString ticket = QString::fromUtf8(rt.out).split(QLatin1Char(' '))[1];
    const CommandResult clone = m_platform.clonectl({QStringLiteral("clone"), ticket});
    QCOMPARE(clone.exitCode, 0);
    QCOMPARE(clone.out.count('\n'), 2);

    const CommandResult ltd = m_platform.clonectl({QStringLiteral("ltd"), ticket});
    QCOMPARE(ltd.exitCode, 0);
    const QStringList lines = QString::fromUtf8(ltd.out).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    int ipLines = 0;
    for (const QString &line : lines) {
        QVERIFY2(QRegularExpression(QStringLiteral("\\A[a-z_]+ \\S+\\z")).match(line).hasMatch(),
                 qPrintable(line));
        if (line.contains(QLatin1String("ip"))) {
            QVERIFY2(line.startsWith(QLatin1String("ip ")), qPrintable(line));
            QVERIFY(line.mid(3).startsWith(m_platform.addressBase().section(QLatin1Char('.'), 0, 1)));
            ++ipLines;
        }
    }
    QCOMPARE(ipLines, 2);
    QVERIFY(lines.contains(QStringLiteral("state used")));
    QCOMPARE(m_platform.clonectl({QStringLiteral("kill"), ticket}).exitCode, 0);
}

void TestClonectlContract::exitCodes_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<int>("domid");
    QTest::addColumn<int>("expected");
    QTest::newRow("no verb") << QStringList{} << 1 << 2;
    QTest::newRow("unknown verb") << QStringList{QStringLiteral("frobnicate")} << 1 << 2;
    QTest::newRow("rt wrong arity") << QStringList{QStringLiteral("rt"), QStringLiteral("1")} << 1 << 2;
    QTest::newRow("rt not a number") << QStringList{QStringLiteral("rt"), QStringLiteral("x"),
                                                    QStringLiteral("1"), QStringLiteral("1"),
                                                    QStringLiteral("1")}
                                     << 1 << 2;
    QTest::newRow("clone bad ticket id")
        << QStringList{QStringLiteral("clone"), QStringLiteral("$(reboot)")} << 1 << 2;
    QTest::newRow("ltd unknown ticket")
        << QStringList{QStringLiteral("ltd"), QStringLiteral("t99999")} << 1 << 3;
    QTest::newRow("kill unknown domain")
        << QStringList{QStringLiteral("kill"), QStringLiteral("4242")} << 1 << 3;
    QTest::newRow("kill a master") << QStringList{QStringLiteral("kill"), QStringLiteral("1")} << 1 << 13;
    QTest::newRow("dom0 requests a ticket")
        << QStringList{QStringLiteral("rt"), QStringLiteral("1"), QStringLiteral("1"), QStringLiteral("1"),
                       QStringLiteral("0")}
        << 0 << 13;
    QTest::newRow("master joins") << QStringList{QStringLiteral("join")} << 1 << 13;
    QTest::newRow("ismaster on master") << QStringList{QStringLiteral("ismaster")} << 1 << 0;
    QTest::newRow("unknown domain acts") << QStringList{QStringLiteral("ismaster")} << 777 << 3;
}

void TestClonectlContract::exitCodes()
{
    QFETCH(QStringList, args);
    QFETCH(int, domid);
    QFETCH(int, expected);
    const CommandResult result = m_platform.clonectl(args, domid);
    QVERIFY2(
        result.exitCode == expected,
        qPrintable(
            QStringLiteral("exit %1, stderr: %2").arg(result.exitCode).arg(QString::fromUtf8(result.err))));
    if (expected != 0)
        QVERIFY2(!result.err.isEmpty(), "a failure must say why on stderr");
}

void TestClonectlContract::helpPerVerb_data()
{
    QTest::addColumn<QString>("verb");
    for (const char *verb :
         {"rt", "clone", "ismaster", "ltd", "join", "kill", "release", "tickets", "domains", "hosts"})
        QTest::newRow(verb) << QString::fromLatin1(verb);
}

void TestClonectlContract::helpPerVerb()
{
    QFETCH(QString, verb);
    const CommandResult help = m_platform.clonectl({verb, QStringLiteral("--help")});
    QCOMPARE(help.exitCode, 0);
    QVERIFY(help.out.startsWith("Usage: clonectl"));
    QVERIFY(help.out.contains(verb.toUtf8()));
}

void TestClonectlContract::unreachablePlatform()
{
    QProcessEnvironment env = m_platform.environment(1);
    env.insert(QStringLiteral("XENSTORED_PATH"), m_platform.runDir() + QStringLiteral("/no-such-socket"));
    const CommandResult result =
        m_platform.run(binDir() + QStringLiteral("/clonectl"), {QStringLiteral("tickets")}, env);
    QCOMPARE(result.exitCode, 69);
    QVERIFY(result.err.contains("clonedeckd"));
}

void TestClonectlContract::jsonListings()
{
    for (const char *verb : {"tickets", "domains", "hosts"}) {
        const CommandResult result =
            m_platform.clonectl({QString::fromLatin1(verb), QStringLiteral("--json")});
        QCOMPARE(result.exitCode, 0);
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(result.out, &error);
        QVERIFY2(error.error == QJsonParseError::NoError && doc.isArray(), result.out.constData());
    }
    const CommandResult domains = m_platform.clonectl({QStringLiteral("domains"), QStringLiteral("--json")});
    const QJsonArray array = QJsonDocument::fromJson(domains.out).array();
    QVERIFY(!array.isEmpty());
    QCOMPARE(array.first().toObject().value(QStringLiteral("role")).toString(), QStringLiteral("master"));
}

QTEST_GUILESS_MAIN(TestClonectlContract)
#include "test_clonectl_contract.moc"
