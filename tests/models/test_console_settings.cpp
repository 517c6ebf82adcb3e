// ConsoleSettings on a temporary INI file: defaults, round trips through a second
// instance (what the next start sees), and values a person may have mangled by hand.
#include "ConsoleSettings.h"

#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

using namespace clonedeck;

class TestConsoleSettings : public QObject
{
    Q_OBJECT
private slots:
    void defaults();
    void roundTrip();
    void mangledValuesReadAsDefaults_data();
    void mangledValuesReadAsDefaults();

private:
    QTemporaryDir m_dir;
};

void TestConsoleSettings::defaults()
{
    ConsoleSettings settings(m_dir.filePath(QStringLiteral("defaults.ini")));
    QCOMPARE(settings.connection(), ConsoleSettings::Connection::StandardXen);
    QCOMPARE(settings.hostKeyPolicy(), QStringLiteral("lineage"));
    QCOMPARE(settings.language(), QString());
    QVERIFY(settings.identityFile().isEmpty());
    QVERIFY(settings.coalescingMs() > 0);
}

void TestConsoleSettings::roundTrip()
{
    const QString file = m_dir.filePath(QStringLiteral("roundtrip.ini"));
    {
        ConsoleSettings settings(file);
        settings.setConnection(ConsoleSettings::Connection::Socket);
        settings.setSocketPath(QStringLiteral("/tmp/cd/xenstore/socket"));
        settings.setIdentityFile(QStringLiteral("/home/me/.ssh/id_ed25519"));
        settings.setHostKeyPolicy(QStringLiteral("trust-on-first-use"));
        settings.setCoalescingMs(250);
        settings.setLanguage(QStringLiteral("fr"));
        settings.sync();
    }
    ConsoleSettings again(file);
    QCOMPARE(again.connection(), ConsoleSettings::Connection::Socket);
    QCOMPARE(again.socketPath(), QStringLiteral("/tmp/cd/xenstore/socket"));
    QCOMPARE(again.identityFile(), QStringLiteral("/home/me/.ssh/id_ed25519"));
    QCOMPARE(again.hostKeyPolicy(), QStringLiteral("trust-on-first-use"));
    QCOMPARE(again.coalescingMs(), 250);
    QCOMPARE(again.language(), QStringLiteral("fr"));
}

void TestConsoleSettings::mangledValuesReadAsDefaults_data()
{
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("value");
    QTest::newRow("unknown policy") << "ssh/hostKeyPolicy"
                                    << "none";
    QTest::newRow("unknown language") << "view/language"
                                      << "xx";
    QTest::newRow("negative coalescing") << "view/coalescingMs"
                                         << "-5";
    QTest::newRow("unknown connection") << "connection/mode"
                                        << "carrier-pigeon";
}

void TestConsoleSettings::mangledValuesReadAsDefaults()
{
    QFETCH(QString, key);
    QFETCH(QString, value);
    const QString file = m_dir.filePath(QStringLiteral("mangled-%1.ini")
                                            .arg(QTest::currentDataTag())
                                            .replace(QLatin1Char(' '), QLatin1Char('-')));
    {
        QSettings raw(file, QSettings::IniFormat);
        raw.setValue(key, value);
    }
    ConsoleSettings settings(file);
    // A mangled policy never means "no checking": it reads as the strict default.
    QCOMPARE(settings.hostKeyPolicy(), QStringLiteral("lineage"));
    QCOMPARE(settings.language(), QString());
    QVERIFY(settings.coalescingMs() >= 0);
    QCOMPARE(settings.connection(), ConsoleSettings::Connection::StandardXen);
}

QTEST_GUILESS_MAIN(TestConsoleSettings)
#include "test_console_settings.moc"
