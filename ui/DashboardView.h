#pragma once

// Platform capacity per host (used / reserved / free vCPUs and memory), counts
// of clones by state, and a chart of clones and free vCPUs over the last ten
// minutes. Redrawn once per mirror batch, the chart at most once a second.
#include <QElapsedTimer>
#include <QWidget>

class QLabel;

namespace clonedeck {

class ClusterMirror;
class TimeChart;

class DashboardView : public QWidget
{
    Q_OBJECT
public:
    explicit DashboardView(ClusterMirror *mirror, QWidget *parent = nullptr);

private:
    void refresh();

    ClusterMirror *m_mirror;
    QLabel *m_capacity;
    QLabel *m_counts;
    TimeChart *m_chart;
    QElapsedTimer m_clock;
    qint64 m_lastPointMs = -1000;
};

} // namespace clonedeck
