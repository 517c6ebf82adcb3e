// A hostile clone writes under its own xenstore path (and, since sandbox
// connections are privileged, into the platform's tree too): oversized values,
// binary, invalid UTF-8, terminal escapes, HTML, 10,000 nodes, rapid churn.
// Nothing crashes, nothing is executed, garbage records are reported and left
// out, the other cluster's rows stay as they were, and the platform keeps serving.
#include "ClusterMirror.h"
#include "PlatformFixture.h"
#include "PlatformGateway.h"
#include "ProtocolPaths.h"
#include "Request.h"
#include "XenstoreClient.h"
#include "XenstoreConnection.h"

#include <QFile>
#include <QSignalSpy>
#include <QTest>

using namespace clonedeck;
using namespace clonedeck::test;

class TestFaultHostileWrites : public QObject
{
    Q_OBJECT
private slots:
    void hostileCloneChangesNothingElse();
};

void TestFaultHostileWrites::hostileCloneChangesNothingElse()
{
    PlatformFixture platform;
    PlatformFixture::Options options;
    options.hosts = QStringLiteral("host1:8:8192");
    QString error = platform.start(options);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    const CommandResult rt =
        platform.clonectl({QStringLiteral("rt"), QStringLiteral("1"), QStringLiteral("1"),
                           QStringLiteral("64"), QStringLiteral("0")});
    const QString ticket = QString::fromUtf8(rt.out).split(QLatin1Char(' ')).value(1);
    const CommandResult clone = platform.clonectl({QStringLiteral("clone"), ticket});
    QCOMPARE(clone.exitCode, 0);
    const int hostile = QString::fromUtf8(clone.out).section(QLatin1Char(' '), 3, 3).trimmed().toInt();
    QVERIFY(hostile > 1);

    PlatformGateway gateway;
    ClusterMirror mirror(&gateway);
    QSignalSpy loaded(&mirror, &ClusterMirror::loaded);
    QSignalSpy malformed(&mirror, &ClusterMirror::malformedRecord);
    gateway.open(platform.socketPath());
    mirror.start();
    QVERIFY(loaded.wait(10000));
    const DomainInfo masterBefore = mirror.domains().value(1);

    auto xs = XenstoreConnection::open(platform.socketPath());
    QVERIFY(xs.ok());
    const QString own = protocol::localDomainPath(hostile);
    const QList<QByteArray> nasty{QByteArray(4000, 'A'),
                                  QByteArray("\x00\x01\x02\xff\xfe", 5),
                                  QByteArray("\xc3\x28\xa0\xa1", 4),
                                  QByteArray("\x1b]0;pwned\x07\x1b[2J"),
                                  QByteArray("<script>alert(1)</script>"),
                                  QByteArray("$(touch /tmp/clonedeck-pwned)`touch /tmp/clonedeck-pwned`")};
    // Under its own path: values of every kind, 10,000 nodes, then churn on one node.
    for (int i = 0; i < nasty.size(); ++i)
        QVERIFY((*xs)->write(own + QStringLiteral("/data/v%1").arg(i), nasty[i]).ok());
    for (int i = 0; i < 10000; ++i)
        (*xs)->write(own + QStringLiteral("/flood/n%1").arg(i), QByteArray::number(i));
    for (int i = 0; i < 2000; ++i)
        (*xs)->write(own + QStringLiteral("/churn"), QByteArray::number(i));
    // As requests: each must get an error reply, none acted on.
    for (int i = 0; i < nasty.size(); ++i)
        (*xs)->write(protocol::requestPath(hostile, QStringLiteral("evil%1").arg(i)), nasty[i]);
    // Into the platform's own tree (possible only because sandbox connections are privileged).
    for (int i = 0; i < nasty.size(); ++i)
        (*xs)->write(protocol::domainPath(900 + i), nasty[i]);
    (*xs)->write(protocol::ticketPath(QStringLiteral("t999")), "owner=<b>x</b>");

    QTRY_VERIFY_WITH_TIMEOUT(malformed.count() >= nasty.size() + 1, 10000);
    for (const auto &args : malformed)
        QVERIFY(!args.at(1).toString().isEmpty()); // each says why
    for (int i = 0; i < nasty.size(); ++i) {
        QVERIFY(!mirror.domains().contains(900 + i));
        QTRY_VERIFY_WITH_TIMEOUT(
            (*xs)->read(protocol::replyPath(hostile, QStringLiteral("evil%1").arg(i))).ok(), 10000);
        const auto reply =
            Reply::parse((*xs)->read(protocol::replyPath(hostile, QStringLiteral("evil%1").arg(i))).value());
        QVERIFY(reply.ok() && !reply->ok);
    }
    QVERIFY(!mirror.tickets().contains(QStringLiteral("t999")));
    QCOMPARE(mirror.domains().value(1), masterBefore); // the other rows are untouched
    QVERIFY(!QFile::exists(QStringLiteral("/tmp/clonedeck-pwned")));

    // The platform still serves, promptly.
    const CommandResult after =
        platform.clonectl({QStringLiteral("rt"), QStringLiteral("1"), QStringLiteral("1"),
                           QStringLiteral("64"), QStringLiteral("0")});
    QCOMPARE(after.exitCode, 0);
    QVERIFY(platform.isRunning());
}

QTEST_GUILESS_MAIN(TestFaultHostileWrites)
#include "test_fault_hostile_writes.moc"
