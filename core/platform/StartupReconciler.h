#pragma once

// At start-up, makes what runs match what the store says, whatever moment the
// previous daemon died at: domains committed Running (or Failed) are resumed,
// those Creating or Stopping are destroyed, disks the store does not know are
// removed, tickets' live counts follow the domains, and each cluster without a
// master gets one. Emits finished() when every step is done; only then does
// the control plane serve.
#include "PlatformConfig.h"
#include "VmBackend.h"

#include <QObject>

namespace clonedeck {

class BridgeEndpoints;
class CommittedState;
class DomainLifecycle;

class StartupReconciler : public QObject
{
    Q_OBJECT
public:
    StartupReconciler(const PlatformConfig &config, CommittedState &committed, VmBackend &backend,
                      BridgeEndpoints &bridge, DomainLifecycle &lifecycle, QObject *parent = nullptr);

    // Starts every step; an error means the platform cannot run (e.g. no room for a master).
    Status run();

signals:
    void finished();

private:
    using Start = QFuture<Result<VmEndpoint>> (VmBackend::*)(const VmSpec &);
    // Starts (masters) or resumes the domains; each becomes Running, or Failed and kept.
    void runAll(const QList<DomainInfo> &domains, Start start);
    void settle(const QList<DomainInfo> &domains, const QHash<int, Result<VmEndpoint>> &results);
    Status repairTicketCounts();
    Status createMissingMasters();
    void stepStarted() { ++m_outstanding; }
    void stepDone();

    PlatformConfig m_config;
    CommittedState &m_committed;
    VmBackend &m_backend;
    BridgeEndpoints &m_bridge;
    DomainLifecycle &m_lifecycle;
    int m_outstanding = 0;
};

} // namespace clonedeck
