#pragma once

// The QEMU backend of clonedeckd (`--backend qemu`, `backend=qemu`): every domain is a real
// QEMU VM, and a clone is a fork-style replica of its running master (docs/qemu-backend.md).
// A thin adapter from the control plane's VmBackend contract to QemuVmRunner.
#include "ProcessUsageSampler.h"
#include "QemuVmRunner.h"
#include "VmBackendRegistry.h"

#include <QThreadPool>

namespace clonedeck {

class QemuVmBackend : public VmBackend
{
    Q_OBJECT
public:
    explicit QemuVmBackend(const VmBackendContext &context, QObject *parent = nullptr);
    ~QemuVmBackend() override;

    QString kind() const override { return QStringLiteral("qemu"); }
    QString accelerator() const override { return m_runner.platform().accelerator; }
    bool clonesResumeTheMastersMemory() const override { return true; }
    Status initialize() override;
    // A clone is a copy of its master's memory image: it costs the master's vCPUs and memory.
    VmFootprint cloneFootprint(const DomainInfo &master, int vcpus, qint64 memoryMb) const override;
    QFuture<Result<VmEndpoint>> startMaster(const VmSpec &master) override;
    QFuture<QList<CloneOutcome>> startClones(const VmSpec &master, const QList<VmSpec> &clones) override;
    QFuture<Result<VmEndpoint>> resume(const VmSpec &domain) override;
    QFuture<QList<DestroyOutcome>> destroy(const QList<int> &domids) override;
    QList<int> existingDomains() const override;
    // Each VM's QEMU process from /proc: what the guest's vCPUs and devices cost the host.
    QFuture<QHash<int, DomainUsage>> sampleUsage(const QList<int> &domids) override;

    // Called while a master is paused for a capture, before its clones' QEMUs start: the xenstore
    // bridge forks the master's connection for each clone here.
    void setMasterPausedHook(std::function<void(int masterDomid, const QList<int> &cloneDomids)> hook);
    QemuVmRunner &runner() { return m_runner; }

private:
    static QemuDomainPlan plan(const VmSpec &spec);

    Status m_configured; // what reading [qemu] found wrong, reported by initialize()
    QemuVmRunner m_runner;
    ProcessUsageSampler m_usage;
    QThreadPool m_usageWorker; // last: gone (waited for) before the sampler it uses
};

} // namespace clonedeck
