#pragma once

// Samples what each running domain uses (VmBackend::sampleUsage) at a fixed
// interval and publishes it under /clonedeck/usage/<domid> only when it moved
// noticeably (DomainUsage::differsNoticeablyFrom): a domain's node is written at
// most once per interval, and an idle domain's never. One sample in flight at a
// time, measured off the daemon's loop: a slow sample delays the next, it never
// piles up or blocks requests.
#include "UsageRecord.h"

#include <QHash>
#include <QObject>
#include <QTimer>

namespace clonedeck {

class CommittedState;
class Decision;
class VmBackend;
class XenstoreConnection;

class UsagePublisher : public QObject
{
    Q_OBJECT
public:
    UsagePublisher(const CommittedState &committed, VmBackend &backend, int intervalMs,
                   QObject *parent = nullptr);

    // Publishes on this connection from now on (null: nowhere). The platform's tree was written
    // anew, so nothing is published there yet.
    void setConnection(XenstoreConnection *xenstore);
    void start();
    void stop();
    // A domain that goes takes its usage node along.
    void forgetRemoved(const Decision &decision);

    const QHash<int, DomainUsage> &published() const { return m_published; }
    int writes() const { return m_writes; } // nodes written or removed since start, for benchmarks

signals:
    // A sample was taken and published (its figures, all domains that ran something).
    void sampled(const QHash<int, DomainUsage> &usage);

private:
    void sampleNow();
    void publish(const QHash<int, DomainUsage> &usage);

    const CommittedState &m_committed;
    VmBackend &m_backend;
    XenstoreConnection *m_xs = nullptr;
    QTimer m_timer;
    bool m_inFlight = false;
    quint64 m_generation = 0; // a sample started before a stop or a new connection is dropped
    QHash<int, DomainUsage> m_published;
    int m_writes = 0;
};

} // namespace clonedeck
