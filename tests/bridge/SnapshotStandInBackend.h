#pragma once

// Stands in for the QEMU backend's capture (docs/qemu-backend.md, "Clone = fork")
// where only its timing matters: no VM runs; a test's raw wire clients are the
// guests. startClones forks the master's xenstore endpoint for each clone, as the
// QEMU backend does while the master is paused, and the clones come up only when
// the test says so (finishClones), so a test decides what the platform sees in
// between instead of racing a guest under TCG. Everything else is done at once.
#include "VmBackendRegistry.h"

#include <QMap>
#include <QPromise>

#include <memory>
#include <mutex>
#include <optional>

namespace clonedeck::test {

// What the stand-in did, shared between the platform's thread and the test's.
class StandInVms
{
public:
    void started(int domid, const QString &endpoint);
    void capturing(QList<int> clones, std::shared_ptr<QPromise<QList<CloneOutcome>>> outcome);
    QString endpoint(int domid) const;
    QList<int> capturedClones() const; // empty until a capture
    // The clones of the capture answer SSH: the platform's startClones finishes.
    bool finishClones();

private:
    mutable std::mutex m_mutex;
    QMap<int, QString> m_endpoints;
    QList<int> m_clones;
    std::shared_ptr<QPromise<QList<CloneOutcome>>> m_outcome;
};

class SnapshotStandInBackend : public VmBackend
{
public:
    SnapshotStandInBackend(VmBackendContext context, StandInVms &vms);
    // The registry that builds it, as backend "standin".
    static VmBackendRegistry registry(StandInVms &vms);

    QString kind() const override { return QStringLiteral("standin"); }
    bool clonesResumeTheMastersMemory() const override { return true; } // as QEMU's
    Status initialize() override { return Done{}; }
    QFuture<Result<VmEndpoint>> startMaster(const VmSpec &master) override;
    QFuture<QList<CloneOutcome>> startClones(const VmSpec &master, const QList<VmSpec> &clones) override;
    QFuture<Result<VmEndpoint>> resume(const VmSpec &domain) override { return startMaster(domain); }
    QFuture<QList<DestroyOutcome>> destroy(const QList<int> &domids) override;
    QList<int> existingDomains() const override { return m_existing; }

private:
    VmBackendContext m_context;
    StandInVms &m_vms;
    QList<int> m_existing;
};

} // namespace clonedeck::test
