#pragma once

// A small chart of one domain's recent usage (UsageHistory's step points): CPU %
// as a line over the last minutes, its scale the domain's vCPUs, memory as a
// second line scaled to the domain's memory. Painted directly: a detail pane
// redraws it on every published change, and a QtCharts view per pane costs more
// than the whole membership tab.
#include "UsageHistory.h"

#include <QWidget>

namespace clonedeck {

class UsageChart : public QWidget
{
    Q_OBJECT
public:
    explicit UsageChart(QWidget *parent = nullptr);

    // Points to show; `cpuMax` (percent) and `memoryMaxKb` are the top of each scale.
    void setPoints(const QList<UsageHistory::Point> &points, int cpuMax, qint64 memoryMaxKb);
    QSize sizeHint() const override { return {320, 110}; }
    static constexpr qint64 kShownMs = 2 * 60 * 1000;

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    QList<UsageHistory::Point> m_points;
    int m_cpuMax = 100;
    qint64 m_memoryMaxKb = 1;
};

} // namespace clonedeck
