// The dashboard of the console as it ships (ConsoleHarness) against a real clonedeckd: spawn
// five clones and the chart's clone series reads 5 within 2 s of the mirror seeing them; every
// point shown lies inside the axes after the burst and after the drop; a storm of changes
// between two samples makes one point; the range selector's title matches its axis; capacity
// bars per host under their headers; a chart's data as CSV and the chart as PNG, written
// directly and through the file dialog.
#include "ClusterMirror.h"
#include "ClusterSampler.h"
#include "ConsoleCore.h"
#include "ConsoleHarness.h"
#include "DashboardView.h"
#include "HostCapacityTable.h"
#include "MainWindow.h"
#include "Operations.h"
#include "PlatformFixture.h"
#include "SeriesChart.h"

#include <QAction>
#include <QComboBox>
#include <QElapsedTimer>
#include <QFileDialog>
#include <QHeaderView>
#include <QLineSeries>
#include <QProgressBar>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QValueAxis>

using namespace clonedeck;
using namespace clonedeck::test;

class TestDashboardGui : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();
    void hostTableShowsCapacityUnderItsHeaders();
    void spawnFiveAndTheCloneSeriesReadsFive();
    void aStormBetweenTwoSamplesMakesOnePoint();
    void axesHoldEveryPointAfterTheDrop();
    void rangeSelectorTitleMatchesItsAxis();
    void exportsDataAsCsvAndChartAsPng();

private:
    int clones() const;
    SeriesChart *chart(const QString &name) const;
    // The chart's line with this legend name, or null.
    static QLineSeries *line(SeriesChart *chart, const QString &name);
    static QValueAxis *axis(SeriesChart *chart, Qt::Orientation orientation);
    // Every point of every chart within its axes; empty, or the first point that is not.
    QString pointOutsideAxes() const;
    void spawn(int count);

    PlatformFixture m_platform;
    std::unique_ptr<ConsoleHarness> m_console;
    DashboardView *m_dashboard = nullptr;
    ClusterMirror *m_mirror = nullptr;
};

void TestDashboardGui::initTestCase()
{
    PlatformFixture::Options options;
    options.hosts = QStringLiteral("host1:16:32768"); // the master and up to 15 clones
    const QString error = m_platform.start(options);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    m_console = std::make_unique<ConsoleHarness>(m_platform.socketPath());
    const QString started = m_console->start();
    QVERIFY2(started.isEmpty(), qPrintable(started));
    m_mirror = m_console->core().mirror();
    m_console->window()->showTab(QStringLiteral("dashboard"));
    m_dashboard = m_console->window()->findChild<DashboardView *>();
    QVERIFY(m_dashboard && m_dashboard->isVisible());
}

void TestDashboardGui::cleanupTestCase()
{
    m_console.reset();
    m_platform.stop();
}

int TestDashboardGui::clones() const
{
    return int(std::count_if(m_mirror->domains().begin(), m_mirror->domains().end(),
                             [](const DomainInfo &d) { return d.role == DomainRole::Clone; }));
}

SeriesChart *TestDashboardGui::chart(const QString &name) const
{
    return m_dashboard->findChild<SeriesChart *>(name);
}

QLineSeries *TestDashboardGui::line(SeriesChart *chart, const QString &name)
{
    for (QAbstractSeries *series : chart->chart()->series()) {
        if (series->name() == name)
            return qobject_cast<QLineSeries *>(series);
    }
    return nullptr;
}

QValueAxis *TestDashboardGui::axis(SeriesChart *chart, Qt::Orientation orientation)
{
    return qobject_cast<QValueAxis *>(chart->chart()->axes(orientation).value(0));
}

QString TestDashboardGui::pointOutsideAxes() const
{
    for (SeriesChart *chart : m_dashboard->charts()) {
        const QValueAxis *x = axis(chart, Qt::Horizontal);
        const QValueAxis *y = axis(chart, Qt::Vertical);
        for (QAbstractSeries *series : chart->chart()->series()) {
            for (const QPointF &p : static_cast<QLineSeries *>(series)->points()) {
                if (p.x() < x->min() || p.x() > x->max() || p.y() < y->min() || p.y() > y->max())
                    return QStringLiteral("%1/%2: (%3, %4) outside [%5, %6] x [%7, %8]")
                        .arg(chart->objectName(), series->name())
                        .arg(p.x())
                        .arg(p.y())
                        .arg(x->min())
                        .arg(x->max())
                        .arg(y->min())
                        .arg(y->max());
            }
        }
    }
    return {};
}

void TestDashboardGui::spawn(int count)
{
    const int before = clones();
    m_console->core().operations()->spawn(1, {count, 1, 16, 60000});
    QTRY_COMPARE_WITH_TIMEOUT(clones(), before + count, 60000);
}

void TestDashboardGui::hostTableShowsCapacityUnderItsHeaders()
{
    HostCapacityTable *table = m_dashboard->hostTable();
    QTRY_COMPARE_WITH_TIMEOUT(table->rowCount(), 1, 5000);
    const HostInfo host = m_mirror->hosts().value(QStringLiteral("host1"));
    QCOMPARE(table->item(0, HostCapacityTable::Host)->text(), QStringLiteral("host1"));
    auto *vcpus = static_cast<QProgressBar *>(table->cellWidget(0, HostCapacityTable::Vcpus));
    auto *memory = static_cast<QProgressBar *>(table->cellWidget(0, HostCapacityTable::Memory));
    QCOMPARE(vcpus->maximum(), 16);
    QCOMPARE(vcpus->value(), host.usedVcpus + host.reservedVcpus);
    QVERIFY(vcpus->value() >= 1); // the master
    QCOMPARE(memory->maximum(), 32768);
    QVERIFY(vcpus->text().contains(QStringLiteral("of 16")));
    // Each cell starts where its header does and is as wide (less the grid line it draws).
    const int gridLine = table->showGrid() ? 1 : 0;
    for (int column = 0; column < HostCapacityTable::ColumnCount; ++column) {
        const QRect cell = table->visualRect(table->model()->index(0, column));
        QCOMPARE(cell.x(), table->horizontalHeader()->sectionViewportPosition(column));
        QCOMPARE(cell.width(), table->horizontalHeader()->sectionSize(column) - gridLine);
    }
}

void TestDashboardGui::spawnFiveAndTheCloneSeriesReadsFive()
{
    SeriesChart *activity = chart(QStringLiteral("activity"));
    QLineSeries *cloneLine = line(activity, QStringLiteral("Clones"));
    QVERIFY(cloneLine);
    spawn(5);
    // Within 2 s of the mirror having them: the next sample (one a second) shows them.
    QTRY_VERIFY_WITH_TIMEOUT(cloneLine->count() > 0 && cloneLine->points().last().y() == 5, 2000);
    // The line runs to now: its last point is at most a sample period old (x counts seconds back).
    QVERIFY2(cloneLine->points().last().x() <= 1.5,
             qPrintable(QString::number(cloneLine->points().last().x())));
    QLineSeries *freeVcpus = line(chart(QStringLiteral("vcpus")), QStringLiteral("host1"));
    QVERIFY(freeVcpus);
    // The host's record follows the domains' (the ticket's reservation becomes use): compare with it as it
    // is.
    const auto hostFree = [this] { return m_mirror->hosts().value(QStringLiteral("host1")).freeVcpus(); };
    QTRY_VERIFY_WITH_TIMEOUT(freeVcpus->points().last().y() == hostFree(), 2000);
    const QString outside = pointOutsideAxes();
    QVERIFY2(outside.isEmpty(), qPrintable(outside));
    // Counts on whole-number ticks.
    const QValueAxis *counts = axis(activity, Qt::Vertical);
    const double step = (counts->max() - counts->min()) / (counts->tickCount() - 1);
    QCOMPARE(step, std::floor(step));
}

void TestDashboardGui::aStormBetweenTwoSamplesMakesOnePoint()
{
    // A sampler of its own, sampled by hand: five clones from two requests (tens of record
    // changes) arrive between two samples. Two requests, each waited for until the mirror has it,
    // so that they are several batches however the platform groups its writes: one request's
    // records sometimes came as one batch (under ASan; more often once publishing was pipelined).
    ClusterSampler sampler(m_console->core().connections(), m_console->core().sessions());
    sampler.sample();
    const int before = clones();
    QSignalSpy batches(m_mirror, &ClusterMirror::batchApplied);
    spawn(3);
    spawn(2);
    sampler.sample();
    QVERIFY2(batches.size() > 1, "the spawn came as several batches");
    for (const QString &key : sampler.keys())
        QCOMPARE(sampler.series(key)->size(), 2);
    const TimeSeries *series = sampler.series(ClusterSampler::kClones);
    QCOMPARE(series->since(0).first().value, double(before));
    QCOMPARE(series->last().value, double(before + 5));
    QVERIFY(sampler.series(ClusterSampler::kCloneRate)->last().value > 0);
    QCOMPARE(sampler.series(ClusterSampler::hostFreeVcpusKey(QStringLiteral("host1")))->last().value,
             double(m_mirror->hosts().value(QStringLiteral("host1")).freeVcpus()));
    // What a sample costs (a figure for the log, not a timed assertion).
    QElapsedTimer clock;
    clock.start();
    for (int i = 0; i < 1000; ++i)
        sampler.sample();
    qInfo("one sample of %d series: %.1f us", int(sampler.keys().size()), clock.nsecsElapsed() / 1e6);
    // The console's own sampler: as many points on its clone series as samples taken.
    ClusterSampler *shipped = m_console->core().sampler();
    QCOMPARE(shipped->series(ClusterSampler::kClones)->size(), shipped->samples());
}

void TestDashboardGui::axesHoldEveryPointAfterTheDrop()
{
    QList<int> domids;
    for (const DomainInfo &d : m_mirror->domains()) {
        if (d.role == DomainRole::Clone)
            domids.append(d.domid);
    }
    QCOMPARE(domids.size(), 10);
    QLineSeries *cloneLine = line(chart(QStringLiteral("activity")), QStringLiteral("Clones"));
    QTRY_COMPARE_WITH_TIMEOUT(cloneLine->points().last().y(), 10.0, 2000);
    m_console->core().operations()->destroy(domids);
    QTRY_COMPARE_WITH_TIMEOUT(clones(), 0, 30000);
    QTRY_COMPARE_WITH_TIMEOUT(cloneLine->points().last().y(), 0.0, 2000);
    // The peak of ten is still in the last minute: the axis holds it.
    double peak = 0;
    for (const QPointF &p : cloneLine->points())
        peak = std::max(peak, p.y());
    QCOMPARE(peak, 10.0);
    const QString outside = pointOutsideAxes();
    QVERIFY2(outside.isEmpty(), qPrintable(outside));
    QVERIFY(line(chart(QStringLiteral("rates")), QStringLiteral("Clones ended/s"))->count() > 0);
}

void TestDashboardGui::rangeSelectorTitleMatchesItsAxis()
{
    SeriesChart *activity = chart(QStringLiteral("activity"));
    const struct
    {
        int index;
        QString title;
        QString axisText;
        double axisMax;
    } cases[] = {{1, QStringLiteral("last 10 minutes"), QStringLiteral("minutes ago"), 10},
                 {2, QStringLiteral("last hour"), QStringLiteral("minutes ago"), 60},
                 {0, QStringLiteral("last minute"), QStringLiteral("seconds ago"), 60}};
    for (const auto &c : cases) {
        m_dashboard->rangeSelector()->setCurrentIndex(c.index);
        QVERIFY2(activity->chart()->title().endsWith(c.title), qPrintable(activity->chart()->title()));
        QCOMPARE(axis(activity, Qt::Horizontal)->titleText(), c.axisText);
        QCOMPARE(axis(activity, Qt::Horizontal)->max(), c.axisMax);
        const QString outside = pointOutsideAxes();
        QVERIFY2(outside.isEmpty(), qPrintable(outside));
    }
}

void TestDashboardGui::exportsDataAsCsvAndChartAsPng()
{
    QTemporaryDir dir;
    SeriesChart *activity = chart(QStringLiteral("activity"));
    const QString csvPath = dir.filePath(QStringLiteral("activity.csv"));
    QVERIFY(activity->saveCsv(csvPath));
    QFile csv(csvPath);
    QVERIFY(csv.open(QIODevice::ReadOnly));
    QList<QByteArray> rows = csv.readAll().split('\n');
    QCOMPARE(rows.takeLast(), QByteArray()); // every row ends with CRLF
    QCOMPARE(rows.takeFirst(), QByteArray("time,Clones,Running agents,Pending tickets,Granted tickets\r"));
    // A row per sample of the last minute (the test has run for a few), the peak of ten clones in it.
    QVERIFY2(rows.size() >= 3, qPrintable(QString::number(rows.size())));
    bool peak = false;
    for (const QByteArray &row : std::as_const(rows)) {
        const QList<QByteArray> cells = row.trimmed().split(',');
        QCOMPARE(cells.size(), 5);
        QVERIFY(QDateTime::fromString(QString::fromLatin1(cells[0]), Qt::ISODateWithMs).isValid());
        peak = peak || cells[1] == "10";
    }
    QVERIFY(peak);
    QCOMPARE(rows.last().split(',').value(1), QByteArray("0"));

    const QString pngPath = dir.filePath(QStringLiteral("activity.png"));
    QVERIFY(activity->savePng(pngPath));
    QImage image(pngPath);
    QCOMPARE(image.size(), activity->grab().size());
    QVERIFY(!activity->savePng(dir.filePath(QStringLiteral("missing/activity.png"))));

    // Through the context menu's action: a file dialog opened with open(), answered here.
    activity->findChild<QAction *>(QStringLiteral("saveCsv"))->trigger();
    auto *dialog = activity->findChild<QFileDialog *>();
    QVERIFY(dialog && dialog->isVisible());
    QVERIFY(dialog->windowModality() != Qt::NonModal); // open(), not exec()
    const QString chosen = dir.filePath(QStringLiteral("chosen.csv"));
    dialog->selectFile(chosen);
    static_cast<QDialog *>(dialog)->accept(); // QFileDialog's own accept(), as its Save button calls
    QFile written(chosen);
    QVERIFY(written.open(QIODevice::ReadOnly));
    QVERIFY(written.readLine().startsWith("time,Clones,"));
}

QTEST_MAIN(TestDashboardGui)
#include "test_dashboard_gui.moc"
