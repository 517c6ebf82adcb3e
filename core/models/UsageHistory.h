#pragma once

// Each domain's recent resource usage, for the detail pane's chart. The platform
// publishes usage only when it moves (UsagePublisher), so a domain's history is a
// step function: one point per published change, held until the next. Recording
// costs nothing while domains are idle, and each domain keeps at most kPointsKept
// points of the last kWindowMs. Domains are keyed by host and domid (domids repeat across
// hosts); the methods take what HostFeed's feedFromEveryHost hands a model.
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

    QList<Point> points(const QString &host, int domid) const { return m_points.value({host, domid}); }

    void record(const QString &host, const clonedeck::DomainUsage &usage);
    void recordChange(const QString &host, const clonedeck::DomainUsage &before,
                      const clonedeck::DomainUsage &after);
    // The domain went idle (its usage record was removed): a point at zero, now.
    void recordIdle(const QString &host, const clonedeck::DomainUsage &usage);
    void forget(const QString &host, int domid);
    // The host's connection was removed: its domains' histories go with it.
    void removeHost(const QString &host);

signals:
    void changed(const QString &host, int domid);

private:
    using DomainKey = std::pair<QString, int>; // (host, domid)
    void append(const DomainKey &key, const Point &point);

    QHash<DomainKey, QList<Point>> m_points;
};

} // namespace clonedeck
