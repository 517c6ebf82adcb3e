#pragma once

// Writes the platform's replies beside each domain's requests
// (/local/domain/<domid>/clonedeck/replies/<request-id>), owned by dom0 and
// readable by that domain only, and bounds what a domain can make the platform
// keep: at most 64 per domain, none older than the reply lifetime.
//
// One xenstore request per reply, the write: a reply takes its directory's permissions
// as xenstored makes it (PlatformPublisher makes that directory dom0's, readable by the
// domain, and no guest may change it through its bridge), and the replies a domain has
// are the ones written here, so they are counted here rather than listed. The request
// after a reply waits for whatever the platform still does for this one.
#include "Request.h"

#include <QHash>
#include <QTimer>

#include <deque>

namespace clonedeck {

class XenstoreConnection;

class ReplyWriter : public QObject
{
    Q_OBJECT
public:
    explicit ReplyWriter(qint64 replyTtlMs, QObject *parent = nullptr);

    // The connection replies go to; null while there is none (replies are then dropped).
    void setConnection(XenstoreConnection *xenstore);
    void write(int domid, const QString &requestId, const Reply &reply);

private:
    struct Written
    {
        QString path;
        qint64 atMs = 0;
    };
    void sweep();

    XenstoreConnection *m_xs = nullptr;
    qint64 m_replyTtlMs;
    QHash<int, std::deque<Written>> m_written; // per domain, oldest first
    QTimer m_sweep;
};

} // namespace clonedeck
