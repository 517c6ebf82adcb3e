#pragma once

// Publishes the committed state under /clonedeck (and each domain's standard
// keys under /local/domain/<domid>): all of it when serving starts, then what
// each committed decision changed. Never ahead of the store: it only reads
// CommittedState, after a commit. Order within a decision: capacity, then
// domains, then tickets, so a reader that sees a ticket released sees its
// domains gone and their slots free.
//
// What one call publishes goes out as one batch on a pipeline of its own (XenstorePipeline),
// and the call returns once xenstored has applied all of it: a new domain's keys are seven
// requests, and one round trip each made publishing the largest step of a 100-clone reply.
// Without a pipeline (it could not be opened, or broke) the batch goes through libxenstore,
// one request at a time; every request in it may be applied twice.
#include "PlatformConfig.h"
#include "PlatformRecords.h"
#include "XenstorePipeline.h"

#include <QHash>
#include <QObject>

namespace clonedeck {

class CommittedState;
class Decision;
class XenstoreConnection;

class PlatformPublisher : public QObject
{
    Q_OBJECT
public:
    PlatformPublisher(const PlatformConfig &config, const CommittedState &committed, QString backendKind,
                      QString accelerator, QObject *parent = nullptr);

    // Rewrites the whole tree from the committed state on this connection and publishes
    // every later decision there. Null: publishes nothing (xenstored is gone).
    Status publishAll(XenstoreConnection *xenstore);
    void publishStopped();
    void publishDecision(const Decision &decision);
    void publishJoinReport(const DomainInfo &domain, qint64 atMs);

private:
    struct Published
    {
        QString ticket;
        int vmid = 0;
        DomainState state = DomainState::Creating;
    };
    void publishHosts();
    void publishDomain(const DomainInfo &domain);
    void unpublishDomain(int domid);
    void publishPlatform(const QString &state);
    // Sends what the call queued in m_batch; logs what xenstored refused.
    void flush();

    PlatformConfig m_config;
    const CommittedState &m_committed;
    QString m_backendKind;
    QString m_accelerator;
    XenstoreConnection *m_xs = nullptr;
    std::unique_ptr<XenstorePipeline> m_pipeline; // to m_xs's xenstored
    XenstoreBatch m_batch;
    qint64 m_startedMs = 0;
    QHash<QString, HostInfo> m_hosts; // as last written
    QHash<int, Published> m_domains;  // as last written
};

} // namespace clonedeck
