#pragma once

// Boots a master from the guest image: its directory and facts, a fresh RAM
// file on tmpfs (shared, so that it can be captured for clones), QEMU, its QMP
// connection, and then waits until the guest's SSH answers through the forward.
// Also what `resume` does for a master whose QEMU is gone: boot it again on
// the address and port it had.
#include "QemuDomainPlan.h"
#include "QemuVm.h"
#include "SshBannerProbe.h"

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>

#include <functional>

class QThreadPool;

namespace clonedeck {

class MasterBoot : public QObject
{
    Q_OBJECT
public:
    using Finished = std::function<void(const Result<QemuDomainEndpoint> &)>;

    MasterBoot(const QemuPlatform &platform, QemuDomainPlan plan, QemuVm *vm, QThreadPool *pool,
               QObject *parent = nullptr);
    // `done` exactly once, from the event loop. On failure the VM is left for the caller to remove.
    void start(Finished done);

private:
    void prepare();
    void launch();
    void waitForSsh();
    void finish(const Result<QemuDomainEndpoint> &result);

    const QemuPlatform &m_platform;
    QemuDomainPlan m_plan;
    QPointer<QemuVm> m_vm;
    QThreadPool *m_pool;
    QString m_kernelAppend;
    SshBannerProbe *m_probe = nullptr;
    QElapsedTimer m_timer;
    Finished m_done;
};

} // namespace clonedeck
