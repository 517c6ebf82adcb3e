#pragma once

// Each domain's recent resource usage, for the detail pane's chart. The platform
// publishes usage only when it moves (UsagePublisher), so a domain's history is a
// step function: one point per published change, held until the next. Recording
// costs nothing while domains are idle, and each domain keeps at most kPointsKept
// points of the last kWindowMs.
#include "UsageRecord.h"

#include <QHash>
#include <QList>
#include <QObject>

namespace clonedeck {

class UsageHistory : public QObject
{
    Q_OBJECT
public:
    static constexpr int kPointsKept = 240;
    static constexpr qint64 kWindowMs = 10 * 60 * 1000;

    struct Point
    {
        qint64 atMs = 0;
        int cpuPercent = 0;
        qint64 rssKb = 0;
    };

    using QObject::QObject;

    QList<Point> points(int domid) const { return m_points.value(domid); }

public slots:
    void record(const clonedeck::DomainUsage &usage);
    // The domain went idle (its usage record was removed): a point at zero, now.
    void recordIdle(const clonedeck::DomainUsage &usage);
    void forget(int domid);

signals:
    void changed(int domid);

private:
    void append(int domid, const Point &point);

    QHash<int, QList<Point>> m_points;
};

} // namespace clonedeck
