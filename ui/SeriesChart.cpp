#include "SeriesChart.h"

#include "ClusterSampler.h"
#include "Log.h"
#include "NiceAxis.h"
#include "SeriesCsv.h"

#include <QAction>
#include <QFileDialog>
#include <QLineSeries>
#include <QSaveFile>
#include <QValueAxis>

namespace clonedeck {

namespace {
// Up to five ticks on the value axis: at six, a chart 180 px high (four on a 1280x800 screen)
// dropped every other label, the top one with them.
constexpr int kValueTicks = 5;
} // namespace

SeriesChart::SeriesChart(ClusterSampler *sampler, const QString &title, bool integral, QWidget *parent)
    : QChartView(new QChart, parent)
    , m_sampler(sampler)
    , m_title(title)
    , m_integral(integral)
    , m_range(ranges().first())
    , m_time(new QValueAxis(chart()))
    , m_values(new QValueAxis(chart()))
{
    setRenderHint(QPainter::Antialiasing);
    setMinimumHeight(180);
    // Now on the right, as on every clock-driven chart: the axis counts back in time.
    m_time->setReverse(true);
    m_time->setLabelFormat(QStringLiteral("%d"));
    m_values->setLabelFormat(integral ? QStringLiteral("%d") : QStringLiteral("%.3g"));
    chart()->addAxis(m_time, Qt::AlignBottom);
    chart()->addAxis(m_values, Qt::AlignLeft);
    chart()->legend()->setAlignment(Qt::AlignBottom);

    auto *png = new QAction(tr("Save chart as PNG…"), this);
    auto *csv = new QAction(tr("Save data as CSV…"), this);
    png->setObjectName(QStringLiteral("savePng"));
    csv->setObjectName(QStringLiteral("saveCsv"));
    connect(png, &QAction::triggered, this, [this] {
        askForFile(tr("Save chart"), tr("PNG images (*.png)"), QStringLiteral("png"),
                   [this](const QString &path) { return savePng(path); });
    });
    connect(csv, &QAction::triggered, this, [this] {
        askForFile(tr("Save chart data"), tr("CSV files (*.csv)"), QStringLiteral("csv"),
                   [this](const QString &path) { return saveCsv(path); });
    });
    addActions({png, csv});
    setContextMenuPolicy(Qt::ActionsContextMenu);
    updateTitle();
}

QList<SeriesChart::Range> SeriesChart::ranges()
{
    constexpr qint64 kMinute = 60 * 1000;
    return {
        {kMinute, 1000, 7, tr("Last minute"), tr("last minute"), tr("seconds ago")},
        {10 * kMinute, kMinute, 6, tr("Last 10 minutes"), tr("last 10 minutes"), tr("minutes ago")},
        {60 * kMinute, kMinute, 7, tr("Last hour"), tr("last hour"), tr("minutes ago")},
    };
}

void SeriesChart::setLines(const QList<Line> &lines)
{
    if (lines == m_lines)
        return;
    m_lines = lines;
    for (QLineSeries *series : std::as_const(m_series)) {
        chart()->removeSeries(series);
        delete series;
    }
    m_series.clear();
    for (const Line &line : lines) {
        auto *series = new QLineSeries(chart());
        series->setName(line.label);
        chart()->addSeries(series);
        series->attachAxis(m_time);
        series->attachAxis(m_values);
        m_series.append(series);
    }
    redraw();
}

void SeriesChart::setRange(const Range &range)
{
    m_range = range;
    updateTitle();
    redraw();
}

void SeriesChart::updateTitle()
{
    const QString title = tr("%1 — %2").arg(m_title, m_range.title);
    chart()->setTitle(title);
    setAccessibleName(title);
    m_time->setTitleText(m_range.axisText);
}

void SeriesChart::redraw()
{
    const qint64 now = m_sampler->nowMs();
    // A thinned line keeps the last point of each bucket of time (not every n-th point, which
    // would pick other points each second and make the line shimmer).
    const qint64 points = m_range.spanMs / m_sampler->periodMs();
    const qint64 bucketMs = points > kMaxPointsShown
                                ? m_sampler->periodMs() * ((points + kMaxPointsShown - 1) / kMaxPointsShown)
                                : 0;
    double lo = 0;
    double hi = 0;
    for (qsizetype i = 0; i < m_lines.size(); ++i) {
        const TimeSeries *series = m_sampler->series(m_lines[i].key);
        const QList<TimePoint> taken = series ? series->since(now - m_range.spanMs) : QList<TimePoint>();
        QList<QPointF> shown;
        shown.reserve(bucketMs ? kMaxPointsShown + 1 : taken.size());
        for (qsizetype p = 0; p < taken.size(); ++p) {
            const TimePoint &point = taken[p];
            if (bucketMs && p + 1 < taken.size() && point.ms / bucketMs == taken[p + 1].ms / bucketMs)
                continue;
            shown.append({double(now - point.ms) / m_range.unitMs, point.value});
            lo = std::min(lo, point.value);
            hi = std::max(hi, point.value);
        }
        m_series[i]->replace(shown);
    }
    const NiceAxis values = NiceAxis::fit(lo, hi, kValueTicks, m_integral);
    m_values->setRange(values.min, values.max);
    m_values->setTickCount(values.tickCount());
    m_time->setRange(0, double(m_range.spanMs) / m_range.unitMs);
    m_time->setTickCount(m_range.timeTicks);
}

QByteArray SeriesChart::csv() const
{
    QList<SeriesColumn> columns;
    for (const Line &line : m_lines)
        columns.append({line.label, m_sampler->series(line.key)});
    return seriesToCsv(columns, m_sampler->nowMs() - m_range.spanMs, m_sampler->startedAt());
}

Status SeriesChart::saveCsv(const QString &path) const
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(csv()) < 0 || !file.commit())
        return Error{EIO, path, file.errorString()};
    return Done{};
}

Status SeriesChart::savePng(const QString &path)
{
    if (!grab().save(path, "PNG"))
        return Error{EIO, path, tr("could not write the image")};
    return Done{};
}

void SeriesChart::askForFile(const QString &caption, const QString &filter, const QString &suffix,
                             std::function<Status(const QString &)> save)
{
    auto *dialog = new QFileDialog(this, caption, QString(), filter);
    dialog->setAcceptMode(QFileDialog::AcceptSave);
    dialog->setDefaultSuffix(suffix);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QFileDialog::fileSelected, this, [this, save = std::move(save)](const QString &path) {
        const Status saved = save(path);
        if (saved)
            spdlog::info("saved {} to {}", m_title, path);
        else
            spdlog::warn("could not save {}: {}", m_title, saved.error().toString());
    });
    dialog->open();
}

} // namespace clonedeck
