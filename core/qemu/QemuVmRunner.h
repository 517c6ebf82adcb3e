#pragma once

// Runs a platform's domains as QEMU VMs: masters boot from the guest image,
// clones are fork-style replicas of a running master (one capture per request,
// copy-on-write RAM), each cluster has a private network (a FrameSwitch), and a
// restarted clonedeckd adopts the VMs a previous one left running. Everything
// is asynchronous on the caller's (main) thread; only the RAM copy runs on a
// worker. Independent of the control plane's records: QemuVmBackend adapts it
// to the VmBackend interface.
#include "FrameSwitch.h"
#include "QemuDomainPlan.h"
#include "QemuVm.h"

#include <QFuture>
#include <QMap>
#include <QObject>
#include <QThreadPool>

#include <functional>

namespace clonedeck {

class QemuVmRunner : public QObject
{
    Q_OBJECT
public:
    explicit QemuVmRunner(QemuPlatform platform, QObject *parent = nullptr);
    ~QemuVmRunner() override; // VMs keep running (adopted by the next start) unless stop_vms_on_exit

    // Checks the image and options, creates the directories, removes what a crash left (snapshots, RAM
    // files of domains that are gone), and probes the accelerator (blocks for at most the probe's deadline).
    Status initialize();
    const QemuPlatform &platform() const { return m_platform; }
    QString acceleratorReason() const { return m_acceleratorReason; }
    void setMasterPausedHook(std::function<void(int, const QList<int> &)> hook)
    {
        m_platform.masterPaused = std::move(hook);
    }

    QFuture<Result<QemuDomainEndpoint>> startMaster(const QemuDomainPlan &master);
    // Every clone from one capture of the master (the master pauses once).
    QFuture<QList<QemuCloneResult>> startClones(const QemuDomainPlan &master,
                                                const QList<QemuDomainPlan> &clones);
    // Adopts the domain's running QEMU; a master whose QEMU is gone boots again on its address and port.
    QFuture<Result<QemuDomainEndpoint>> resume(const QemuDomainPlan &domain);
    // Ends each domain's QEMU and removes its files. Unknown domains are done at once.
    QFuture<QList<QemuDestroyResult>> destroy(const QList<int> &domids);
    // Domains with a directory or a QEMU process, whatever a journal says.
    QList<int> existingDomains() const;

    qint64 lastPauseMs() const { return m_lastPauseMs; }
    qint64 processId(int domid) const;

signals:
    void domainEnded(int domid, const QString &reason); // a VM's QEMU ended without being asked to

private:
    QemuVm *vmFor(int domid);
    Status attachToNetwork(const QemuDomainPlan &plan, QemuVm *vm);
    void detachFromNetwork(int domid);
    void forget(int domid);
    void removeVm(int domid, std::function<void()> done);
    void queueCapture(int masterDomid, std::function<void()> capture);
    void captureFinished(int masterDomid);
    void adopt(const QemuDomainPlan &plan, QemuVm *vm,
               std::function<void(const Result<QemuDomainEndpoint> &)> done);
    void bootMaster(const QemuDomainPlan &plan, std::function<void(const Result<QemuDomainEndpoint> &)> done);
    void stopAllVms();
    void removeLeftovers();

    QemuPlatform m_platform;
    QString m_acceleratorReason;
    QMap<int, QemuVm *> m_vms;
    QMap<int, FrameSwitch *> m_switches;                // by master domid: one private network per cluster
    QMap<int, int> m_switchOfDomain;                    // domid -> master domid
    QMap<int, QList<std::function<void()>>> m_captures; // per master: the first runs, the rest wait
    QSet<int> m_removing;
    qint64 m_lastPauseMs = -1;
    QThreadPool m_pool;
};

} // namespace clonedeck
