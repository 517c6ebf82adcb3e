// ConnectionUri: the one URI syntax for platforms here and on other hosts (issue 14).
#include "ConnectionUri.h"

#include <QTest>

using namespace clonedeck;

class TestConnectionUri : public QObject
{
    Q_OBJECT
private slots:
    void parsesValidUris_data();
    void parsesValidUris();
    void refusesInvalidUris_data();
    void refusesInvalidUris();
};

void TestConnectionUri::parsesValidUris_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("scheme");
    QTest::addColumn<QString>("user");
    QTest::addColumn<QString>("host");
    QTest::addColumn<int>("port");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("canonical");
    QTest::addColumn<QString>("display");
    QTest::newRow("unix") << "unix:///run/xenstored/socket" << int(ConnectionUri::Unix) << ""
                          << "" << 22 << "/run/xenstored/socket"
                          << "unix:///run/xenstored/socket"
                          << "local";
    QTest::newRow("bare path") << "/tmp/x/socket" << int(ConnectionUri::Unix) << ""
                               << "" << 22 << "/tmp/x/socket"
                               << "unix:///tmp/x/socket"
                               << "local";
    QTest::newRow("ssh") << "ssh://node2/run/xenstored/socket" << int(ConnectionUri::Ssh) << ""
                         << "node2" << 22 << "/run/xenstored/socket"
                         << "ssh://node2/run/xenstored/socket"
                         << "node2";
    QTest::newRow("ssh user port") << "ssh://ops@10.0.0.7:2222/var/lib/clonedeck/xenstored.sock"
                                   << int(ConnectionUri::Ssh) << "ops"
                                   << "10.0.0.7" << 2222 << "/var/lib/clonedeck/xenstored.sock"
                                   << "ssh://ops@10.0.0.7:2222/var/lib/clonedeck/xenstored.sock"
                                   << "ops@10.0.0.7:2222";
    QTest::newRow("ssh port 22 dropped") << "ssh://ops@h:22/s" << int(ConnectionUri::Ssh) << "ops"
                                         << "h" << 22 << "/s"
                                         << "ssh://ops@h/s"
                                         << "ops@h";
    QTest::newRow("ipv6") << "ssh://[::1]:2200/run/s" << int(ConnectionUri::Ssh) << ""
                          << "::1" << 2200 << "/run/s"
                          << "ssh://[::1]:2200/run/s"
                          << "[::1]:2200";
}

void TestConnectionUri::parsesValidUris()
{
    QFETCH(QString, text);
    Result<ConnectionUri> uri = ConnectionUri::parse(text);
    QVERIFY2(uri.ok(), qPrintable(uri.ok() ? QString() : uri.error().toString()));
    QTEST(int(uri->scheme), "scheme");
    QTEST(uri->user, "user");
    QTEST(uri->host, "host");
    QTEST(int(uri->port), "port");
    QTEST(uri->path, "path");
    QTEST(uri->toString(), "canonical");
    QTEST(uri->displayName(), "display");
    // The canonical text reads back as the same connection.
    Result<ConnectionUri> again = ConnectionUri::parse(uri->toString());
    QVERIFY(again.ok());
    QVERIFY(*again == *uri);
}

void TestConnectionUri::refusesInvalidUris_data()
{
    QTest::addColumn<QString>("text");
    QTest::newRow("empty") << "";
    QTest::newRow("relative path") << "run/xenstored/socket";
    QTest::newRow("unknown scheme") << "http://host/socket";
    QTest::newRow("unix with host") << "unix://host/socket";
    QTest::newRow("ssh without host") << "ssh:///run/socket";
    QTest::newRow("ssh without path") << "ssh://host";
    QTest::newRow("ssh root path") << "ssh://host/";
    QTest::newRow("password") << "ssh://u:secret@host/s";
    QTest::newRow("query") << "ssh://host/s?x=1";
    QTest::newRow("bad port") << "ssh://host:99999/s";
}

void TestConnectionUri::refusesInvalidUris()
{
    QFETCH(QString, text);
    Result<ConnectionUri> uri = ConnectionUri::parse(text);
    QVERIFY(!uri.ok());
    QCOMPARE(uri.error().code, EINVAL);
    QVERIFY(uri.error().message.contains(QLatin1String("ssh://[user@]host[:port]")));
}

QTEST_GUILESS_MAIN(TestConnectionUri)
#include "tst_connectionuri.moc"
