#include "UsageHistory.h"

#include <QDateTime>

namespace clonedeck {

void UsageHistory::record(const QString &host, const DomainUsage &usage)
{
    append({host, usage.domid}, Point{usage.sampledMs, usage.cpuPercent, usage.rssKb});
}

void UsageHistory::recordChange(const QString &host, const DomainUsage &, const DomainUsage &after)
{
    record(host, after);
}

void UsageHistory::recordIdle(const QString &host, const DomainUsage &usage)
{
    append({host, usage.domid}, Point{QDateTime::currentMSecsSinceEpoch(), 0, 0});
}

void UsageHistory::forget(const QString &host, int domid)
{
    if (m_points.remove({host, domid}))
        emit changed(host, domid);
}

void UsageHistory::removeHost(const QString &host)
{
    for (auto it = m_points.begin(); it != m_points.end();) {
        if (it.key().first != host) {
            ++it;
            continue;
        }
        const int domid = it.key().second;
        it = m_points.erase(it);
        emit changed(host, domid);
    }
}

void UsageHistory::append(const DomainKey &key, const Point &point)
{
    QList<Point> &points = m_points[key];
    points.append(point);
    const qint64 oldest = point.atMs - kWindowMs;
    // Keep one point before the window: the step it starts still shows at the chart's left edge.
    qsizetype drop = 0;
    while (drop + 1 < points.size() && points[drop + 1].atMs <= oldest)
        ++drop;
    drop = std::max(drop, points.size() - kPointsKept);
    if (drop > 0)
        points.remove(0, drop);
    emit changed(key.first, key.second);
}

} // namespace clonedeck
