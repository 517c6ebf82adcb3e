#pragma once

// Two counts over the last ten minutes as lines (the dashboard's clones and free vCPUs, a
// policy's demand and running agents): points are added with the time they were taken,
// the oldest go, and the axes follow.
#include <QChartView>

class QLineSeries;
class QValueAxis;

namespace clonedeck {

class TimeChart : public QChartView
{
    Q_OBJECT
public:
    // floor: the least the count axis shows, so small counts do not fill the chart.
    TimeChart(const QString &title, const QString &first, const QString &second, int floor,
              QWidget *parent = nullptr);

    void add(double seconds, int first, int second);
    void clear();

    static constexpr int kSeconds = 600;

private:
    QLineSeries *m_first;
    QLineSeries *m_second;
    QValueAxis *m_time;
    QValueAxis *m_count;
    int m_floor;
};

} // namespace clonedeck
