#pragma once

// Writes the platform's replies beside each domain's requests
// (/local/domain/<domid>/clonedeck/replies/<request-id>), owned by dom0 and
// readable by that domain only, and bounds what a domain can make the platform
// keep: at most 64 per domain, none older than the reply lifetime.
#include "Request.h"

#include <QHash>
#include <QTimer>

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
    void sweep();

    XenstoreConnection *m_xs = nullptr;
    qint64 m_replyTtlMs;
    QHash<QString, qint64> m_replyTimes; // reply path -> when written
    QTimer m_sweep;
};

} // namespace clonedeck
