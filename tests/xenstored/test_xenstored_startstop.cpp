// 50 starts and stops in a row: every start answers a real request, every stop
// leaves nothing behind. Prints the start-up times.
#include "XenstoreConnection.h"
#include "XenstoredProcess.h"

#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <csignal>

using namespace clonedeck;

class TestXenstoredStartStop : public QObject
{
    Q_OBJECT
private slots:
    void fiftyStartsAndStops();
};

void TestXenstoredStartStop::fiftyStartsAndStops()
{
    QTemporaryDir dir;
    QList<qint64> times;
    for (int round = 0; round < 50; ++round) {
        XenstoredProcess xenstored({dir.path(), {}, {}, false, true, 5000});
        const Status started = xenstored.start();
        QVERIFY2(started.ok(), qPrintable(QStringLiteral("round %1: %2")
                                              .arg(round)
                                              .arg(started.ok() ? QString() : started.error().toString())));
        times.append(xenstored.startupMilliseconds());
        auto connection = XenstoreConnection::open(xenstored.socketPath());
        QVERIFY(connection.ok());
        const QByteArray value = QByteArray::number(round);
        QVERIFY((*connection)->write(QStringLiteral("/round"), value).ok());
        QCOMPARE((*connection)->read(QStringLiteral("/round")).value(), value);
        connection = Error{};
        const qint64 pid = xenstored.pid();
        QVERIFY(xenstored.stop().ok());
        QVERIFY(::kill(pid_t(pid), 0) != 0);
        QVERIFY(!QFileInfo::exists(xenstored.socketPath()));
    }
    std::sort(times.begin(), times.end());
    qInfo("xenstored start-up over 50 runs: min %lld ms, median %lld ms, max %lld ms", times.first(),
          times.at(25), times.last());
}

QTEST_GUILESS_MAIN(TestXenstoredStartStop)
#include "test_xenstored_startstop.moc"
