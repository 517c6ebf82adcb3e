#include "UsageHistory.h"

#include <QDateTime>

namespace clonedeck {

void UsageHistory::record(const DomainUsage &usage)
{
    append(usage.domid, Point{usage.sampledMs, usage.cpuPercent, usage.rssKb});
}

void UsageHistory::recordIdle(const DomainUsage &usage)
{
    append(usage.domid, Point{QDateTime::currentMSecsSinceEpoch(), 0, 0});
}

void UsageHistory::forget(int domid)
{
    if (m_points.remove(domid))
        emit changed(domid);
}

void UsageHistory::append(int domid, const Point &point)
{
    QList<Point> &points = m_points[domid];
    points.append(point);
    const qint64 oldest = point.atMs - kWindowMs;
    // Keep one point before the window: the step it starts still shows at the chart's left edge.
    qsizetype drop = 0;
    while (drop + 1 < points.size() && points[drop + 1].atMs <= oldest)
        ++drop;
    drop = std::max(drop, points.size() - kPointsKept);
    if (drop > 0)
        points.remove(0, drop);
    emit changed(domid);
}

} // namespace clonedeck
