#include "TimeChart.h"

#include <QChart>
#include <QLineSeries>
#include <QValueAxis>

#include <cmath>

namespace clonedeck {

namespace {
// The count axis has five ticks (four steps) and integer labels: a top that four divides
// keeps every label on its tick (a top of 10 labelled 2.5 as "2" and 7.5 as "7").
double countAxisTop(double needed)
{
    return std::ceil(needed / 4.0) * 4.0;
}
} // namespace

TimeChart::TimeChart(const QString &title, const QString &first, const QString &second, int floor,
                     QWidget *parent)
    : QChartView(new QChart, parent)
    , m_first(new QLineSeries(chart()))
    , m_second(new QLineSeries(chart()))
    , m_time(new QValueAxis(chart()))
    , m_count(new QValueAxis(chart()))
    , m_floor(floor)
{
    chart()->setTitle(title);
    setAccessibleName(title);
    setRenderHint(QPainter::Antialiasing);
    setMinimumHeight(180);
    m_first->setName(first);
    m_second->setName(second);
    m_time->setTitleText(tr("seconds"));
    m_time->setRange(0, 60);
    m_count->setRange(0, countAxisTop(floor));
    m_count->setTickCount(5);
    m_count->setLabelFormat(QStringLiteral("%d"));
    chart()->addAxis(m_time, Qt::AlignBottom);
    chart()->addAxis(m_count, Qt::AlignLeft);
    for (QLineSeries *series : {m_first, m_second}) {
        chart()->addSeries(series);
        series->setPointsVisible(true);
        series->attachAxis(m_time);
        series->attachAxis(m_count);
    }
}

void TimeChart::add(double seconds, int first, int second)
{
    m_first->append(seconds, first);
    m_second->append(seconds, second);
    for (QLineSeries *series : {m_first, m_second}) {
        while (series->count() > 0 && series->at(0).x() < seconds - kSeconds)
            series->remove(0);
    }
    m_time->setRange(std::max(0.0, seconds - kSeconds), std::max(60.0, seconds));
    // Only ever taller, so the lines do not jump as the counts move within it.
    m_count->setRange(
        0, countAxisTop(std::max({double(m_floor), m_count->max(), double(first) + 1, double(second) + 1})));
}

void TimeChart::clear()
{
    m_first->clear();
    m_second->clear();
}

} // namespace clonedeck
