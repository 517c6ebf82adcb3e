#pragma once

// Domains from start to end: clones on a ticket, joins, kills and destroys. Each step commits its decision
// first and then asks the VM backend to make it so, asynchronously: the daemon's loop serves other domains
// while VMs start or end, and a crash at any point leaves a state the next start reconciles
// (StartupReconciler).
#include "CommittedState.h"
#include "RequestOutcome.h"
#include "VmBackend.h"

#include <QSet>

#include <functional>

namespace clonedeck {

class BridgeEndpoints;
class PlatformPublisher;
class ReplyWriter;

class DomainLifecycle : public QObject
{
    Q_OBJECT
public:
    DomainLifecycle(CommittedState &committed, VmBackend &backend, BridgeEndpoints &bridge,
                    ReplyWriter &replies, PlatformPublisher &publisher, QObject *parent = nullptr);

    RequestOutcome clone(const RequestContext &context, const QString &ticketId);
    RequestOutcome join(const RequestContext &context, bool report);
    RequestOutcome killDomain(const RequestContext &context, int domid);
    // Ends every clone of a used ticket.
    RequestOutcome killTicket(const RequestContext &context, const QString &ticketId);

    // Ends domains: Stopping is committed first (a crash from then on finishes the job at the next
    // start), the backend tears them down, then they are dropped with their tickets' counts.
    // Domains with a backend operation in flight are left alone. `done` gets how many went.
    using Destroyed = std::function<void(Result<int>)>;
    void destroy(const QList<int> &domids, const std::optional<RequestContext> &context, Destroyed done);

private:
    void cloneNextWaiting(int masterDomid);
    void finishClones(const RequestContext &context, const QString &ticketId, const QList<int> &domids,
                      const QList<CloneOutcome> &outcomes);
    void finishDestroy(const QList<int> &domids, const QList<DestroyOutcome> &outcomes,
                       const Destroyed &done);
    void replyLater(const RequestContext &context, const Result<int> &killed, const QString &ticketId);

    CommittedState &m_committed;
    VmBackend &m_backend;
    BridgeEndpoints &m_bridge;
    ReplyWriter &m_replies;
    PlatformPublisher &m_publisher;
    QSet<int> m_busy; // domids with a backend operation in flight
    QHash<int, QList<QPair<RequestContext, QString>>> m_waitingClones; // master -> clone requests queued
};

} // namespace clonedeck
