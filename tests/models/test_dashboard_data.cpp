// The dashboard's widget-free pieces: axes that hold every value on whole-number ticks for
// counts (the 16 free vCPUs once clipped by an axis ending at 11, ticks 0, 2, 5, 8, 11), a
// series bounded to its capacity, and a chart's data as CSV.
#include "NiceAxis.h"
#include "SeriesCsv.h"
#include "TimeSeries.h"

#include <QTest>

#include <cmath>

using namespace clonedeck;

class TestDashboardData : public QObject
{
    Q_OBJECT
private slots:
    void axisHoldsTheRangeOnNiceTicks_data();
    void axisHoldsTheRangeOnNiceTicks();
    void seriesKeepsItsCapacity();
    void csvHasOneRowPerSampleTime();
};

void TestDashboardData::axisHoldsTheRangeOnNiceTicks_data()
{
    QTest::addColumn<double>("lo");
    QTest::addColumn<double>("hi");
    QTest::addColumn<bool>("integral");
    QTest::addColumn<double>("max");
    QTest::addColumn<double>("step");
    QTest::newRow("nothing yet") << 0.0 << 0.0 << true << 1.0 << 1.0;
    QTest::newRow("16 free vCPUs") << 0.0 << 16.0 << true << 20.0 << 5.0;
    QTest::newRow("15 clones") << 0.0 << 15.0 << true << 20.0 << 5.0;
    QTest::newRow("5 clones") << 0.0 << 5.0 << true << 6.0 << 2.0;
    QTest::newRow("2 clones") << 0.0 << 2.0 << true << 3.0 << 1.0;
    QTest::newRow("32768 MB free") << 0.0 << 32768.0 << true << 40000.0 << 10000.0;
    QTest::newRow("no rate yet") << 0.0 << 0.0 << false << 1.0 << 0.2;
    QTest::newRow("rate 0.4/s") << 0.0 << 0.4 << false << 0.5 << 0.1;
    QTest::newRow("rate 7.5/s") << 0.0 << 7.5 << false << 8.0 << 2.0;
    QTest::newRow("overcommitted: -3 free") << -3.0 << 10.0 << true << 15.0 << 5.0;
}

void TestDashboardData::axisHoldsTheRangeOnNiceTicks()
{
    QFETCH(double, lo);
    QFETCH(double, hi);
    QFETCH(bool, integral);
    QFETCH(double, max);
    QFETCH(double, step);
    const NiceAxis axis = NiceAxis::fit(lo, hi, 6, integral);
    QVERIFY(axis.contains(lo));
    QVERIFY(axis.contains(hi));
    QVERIFY2(axis.max > hi, "the largest value is drawn inside the plot, not on its frame");
    QVERIFY(axis.tickCount() <= 6);
    QCOMPARE(axis.max, max);
    QCOMPARE(axis.step, step);
    // Bounds on multiples of the step; for counts every tick a whole number.
    QCOMPARE(std::remainder(axis.min, axis.step), 0.0);
    QVERIFY(std::abs(std::remainder(axis.max, axis.step)) < 1e-9);
    if (integral)
        QCOMPARE(axis.step, std::floor(axis.step));
}

void TestDashboardData::seriesKeepsItsCapacity()
{
    TimeSeries series(3600);
    for (int second = 0; second < 4000; ++second)
        series.append(second * 1000, second);
    QCOMPARE(series.size(), 3600);
    QCOMPARE(series.since(0).first().ms, 400 * 1000); // the oldest went
    QCOMPARE(series.last().value, 3999.0);
    QCOMPARE(series.since(3990 * 1000).size(), 10);
    QCOMPARE(series.valueAt(3000 * 1000), std::optional<double>(3000));
    QVERIFY(!series.valueAt(3000 * 1000 + 1));
}

void TestDashboardData::csvHasOneRowPerSampleTime()
{
    TimeSeries clones(10);
    TimeSeries host(10);
    for (int second = 0; second < 4; ++second)
        clones.append(second * 1000, second * 2);
    host.append(3000, 12.5); // a host that appeared at the last sample
    const QDateTime zero(QDate(2026, 11, 30), QTime(19, 0), Qt::UTC);
    const QByteArray csv = seriesToCsv(
        {{QStringLiteral("Clones"), &clones}, {QStringLiteral("host1, free \"MB\""), &host}}, 1000, zero);
    QCOMPARE(csv, QByteArray("time,Clones,\"host1, free \"\"MB\"\"\"\r\n"
                             "2026-11-30T19:00:01.000Z,2,\r\n"
                             "2026-11-30T19:00:02.000Z,4,\r\n"
                             "2026-11-30T19:00:03.000Z,6,12.5\r\n"));
}

QTEST_GUILESS_MAIN(TestDashboardData)
#include "test_dashboard_data.moc"
