#pragma once

// One dashboard chart: some of the sampler's series over the chosen range (the last minute,
// ten minutes or hour), each line running to now, on axes that hold every point shown
// (NiceAxis: whole-number ticks for counts). Its context menu saves the chart as PNG and the
// data it shows as CSV; savePng/saveCsv do the writing, so tests need no file dialog.
#include "Error.h"

#include <QChartView>

#include <functional>

class QLineSeries;
class QValueAxis;

namespace clonedeck {

class ClusterSampler;

class SeriesChart : public QChartView
{
    Q_OBJECT
public:
    struct Range
    {
        qint64 spanMs;    // how far back the chart looks
        qint64 unitMs;    // the time axis counts in these (seconds, minutes)
        int timeTicks;    // ticks on the time axis
        QString choice;   // "Last 10 minutes": how a range selector offers it
        QString title;    // "last 10 minutes": said in the chart's title
        QString axisText; // "minutes ago": the time axis' title
    };
    // The ranges a dashboard offers: the last minute, 10 minutes, hour.
    static QList<Range> ranges();
    struct Line
    {
        QString key;   // the sampler's series
        QString label; // the legend's
        bool operator==(const Line &) const = default;
    };
    // A line that thins out beyond this many points (the hour at one sample a second: 3,600):
    // more than the plot has pixels for, and replacing them each second would cost the most.
    static constexpr int kMaxPointsShown = 720;

    SeriesChart(ClusterSampler *sampler, const QString &title, bool integral, QWidget *parent = nullptr);

    void setLines(const QList<Line> &lines);
    void setRange(const Range &range);
    // Shows the series as they are now.
    void redraw();

    QByteArray csv() const; // the data of the lines over the range, as CSV
    Status saveCsv(const QString &path) const;
    Status savePng(const QString &path);

private:
    void updateTitle();
    // Asks for a file (a dialog opened with open(), never exec()), then saves to it.
    void askForFile(const QString &caption, const QString &filter, const QString &suffix,
                    std::function<Status(const QString &)> save);

    ClusterSampler *m_sampler;
    QString m_title;
    bool m_integral;
    Range m_range;
    QList<Line> m_lines;
    QList<QLineSeries *> m_series;
    QValueAxis *m_time;
    QValueAxis *m_values;
};

} // namespace clonedeck
