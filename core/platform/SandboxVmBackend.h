#pragma once

// Runs domains as sandbox VMs: a directory per domain under <runDir>/vms and an
// SSH endpoint on the domain's own loopback address. The VMs' commands are
// processes on this host, confined per SandboxConfinement: each sees its own
// directory and xenstore endpoint (VmSpec::bridgeEndpoint) and nothing else of
// the run directory (docs/security.md). Disk copies and endpoint set-up run on
// one worker thread of its own, in order, so the daemon's loop never waits for them.
#include "ProcessUsageSampler.h"
#include "VmBackendRegistry.h"

#include <QThreadPool>

#include <atomic>
#include <memory>

namespace clonedeck {

class SandboxSshServer;
struct SandboxConfinement;

class SandboxVmBackend : public VmBackend
{
    Q_OBJECT
public:
    explicit SandboxVmBackend(const VmBackendContext &context, QObject *parent = nullptr);
    ~SandboxVmBackend() override;

    QString kind() const override { return QStringLiteral("sandbox"); }
    Status initialize() override;
    int endpointOwnerUid(int domid) const override;
    // Its xenstore endpoint is bound before a VM's first command: until then nothing could use it.
    bool opensEndpointOnFirstUse() const override { return true; }
    QFuture<Result<VmEndpoint>> startMaster(const VmSpec &master) override;
    QFuture<QList<CloneOutcome>> startClones(const VmSpec &master, const QList<VmSpec> &clones) override;
    QFuture<Result<VmEndpoint>> resume(const VmSpec &domain) override;
    QFuture<QList<DestroyOutcome>> destroy(const QList<int> &domids) override;
    QList<int> existingDomains() const override;
    // The processes of each domain's running commands (the trees under their inits), from /proc.
    QFuture<QHash<int, DomainUsage>> sampleUsage(const QList<int> &domids) override;

private:
    QString vmDirectory(int domid) const;
    QString snapshotDirectory(int masterDomid) const;
    // Serves SSH for the domain, on exactly `port` when given (a resumed domain keeps its address).
    Result<VmEndpoint> serve(const VmSpec &spec, quint16 port = 0);
    QList<CloneOutcome> cloneAll(const VmSpec &master, const QList<VmSpec> &clones);

    QString m_runDir;
    quint16 m_preferredPort;
    quint16 m_fallbackPort;
    QProcessEnvironment m_vmEnvironment;
    std::function<Status(int domid)> m_openXenstoreEndpoint;
    QString m_requestedConfinement; // chosen at initialize(): choosing checks the kernel
    quint32 m_vmUidBase;
    std::unique_ptr<SandboxConfinement> m_confinement; // (SandboxConfinement.h is not public)
    QByteArray m_clientPublicKey;
    QString m_operatorKeysFile; // accepted by every VM's SSH besides m_clientPublicKey
    std::unique_ptr<SandboxSshServer> m_server;
    std::atomic<bool> m_stopping{false};
    QThreadPool m_worker; // one thread: operations run in the order they were asked for
    // Usage is sampled on a thread of its own: a clone's disk copy on m_worker must not delay it.
    ProcessUsageSampler m_usage;
    QThreadPool m_usageWorker;
};

} // namespace clonedeck
