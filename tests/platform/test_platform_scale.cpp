// A thousand clones on one ticket through clonectl, end to end: the clone reply still fits
// one xenstore value (ids as ranges), every clone is listed by ltd with its own address,
// and killing the ticket returns all the capacity. Too large a reply once made clonectl
// wait for its deadline; this pins that it answers.
#include "PlatformFixture.h"

#include <QElapsedTimer>
#include <QTest>

using namespace clonedeck::test;

class TestPlatformScale : public QObject
{
    Q_OBJECT
private slots:
    void cloneOfAThousandAnswers();
};

void TestPlatformScale::cloneOfAThousandAnswers()
{
    PlatformFixture platform;
    PlatformFixture::Options options;
    options.hosts = QStringLiteral("host1:1100:1100000");
    const QString error = platform.start(options);
    QVERIFY2(error.isEmpty(), qPrintable(error));

    const CommandResult rt =
        platform.clonectl({QStringLiteral("rt"), QStringLiteral("1000"), QStringLiteral("1"),
                           QStringLiteral("16"), QStringLiteral("0")});
    QCOMPARE(rt.exitCode, 0);
    const QByteArray ticket = rt.out.split(' ').value(1).trimmed();
    QVERIFY(!ticket.isEmpty());

    QElapsedTimer timer;
    timer.start();
    const CommandResult clone = platform.clonectl({QStringLiteral("clone"), QString::fromLatin1(ticket)});
    QVERIFY2(clone.exitCode == 0, clone.err.constData());
    qInfo("clone of 1000 answered in %lld ms", timer.elapsed());
    QCOMPARE(clone.out.trimmed().split('\n').size(), 1000);

    const CommandResult ltd = platform.clonectl({QStringLiteral("ltd"), QString::fromLatin1(ticket)});
    QCOMPARE(ltd.exitCode, 0);
    QSet<QByteArray> addresses;
    for (const QByteArray &line : ltd.out.split('\n')) {
        if (line.startsWith("ip "))
            addresses.insert(line.mid(3));
    }
    QCOMPARE(addresses.size(), 1000);

    QCOMPARE(platform.clonectl({QStringLiteral("kill"), QString::fromLatin1(ticket)}).exitCode, 0);
    const CommandResult domains = platform.clonectl({QStringLiteral("domains")});
    QCOMPARE(domains.out.count("clone"), 0);
}

QTEST_GUILESS_MAIN(TestPlatformScale)
#include "test_platform_scale.moc"
