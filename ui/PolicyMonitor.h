#pragma once

// The policy panel's monitor for one cluster: what its engine sees now (demand, target,
// active, running and the next decision with its countdown), a chart of demand against
// running agents over the last ten minutes, and the timeline of decisions with their
// reasons (kept for every cluster, shown for the chosen one).
#include <QElapsedTimer>
#include <QWidget>

class QLabel;
class QSortFilterProxyModel;
class QTableView;
class QTimer;

namespace clonedeck {

class PolicyDecisionModel;
class PolicyManager;
class TimeChart;

class PolicyMonitor : public QWidget
{
    Q_OBJECT

public:
    explicit PolicyMonitor(PolicyManager *policies, QWidget *parent = nullptr);

    void setCluster(const QString &cluster);
    QTableView *timelineView() const { return m_timeline; }
    QLabel *statusLabel() const { return m_status; }

private:
    void refreshStatus();
    void addChartPoint();

    PolicyManager *m_policies;
    QString m_cluster;
    PolicyDecisionModel *m_decisions;
    QSortFilterProxyModel *m_decisionFilter;
    QElapsedTimer m_clock;
    QLabel *m_status;
    QTableView *m_timeline;
    TimeChart *m_chart;
    QTimer *m_tick;
};

} // namespace clonedeck
