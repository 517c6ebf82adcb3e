#pragma once

// What starting a master and starting a clone have in common: the domain's SSH
// port and directory, its disk overlay (made on a worker thread), QEMU
// launched and its monitor connected, a deadline for the whole start, and a
// result reported exactly once, from the event loop. MasterBoot and
// CloneBringUp supply the machine and what follows the monitor's greeting.
#include "QemuDomainPlan.h"
#include "QemuVm.h"
#include "SshBannerProbe.h"

#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QObject>
#include <QPointer>

#include <functional>

class QThreadPool;

namespace clonedeck {

struct QemuMachineSpec;

class VmStartup : public QObject
{
    Q_OBJECT
public:
    using Finished = std::function<void(const Result<QemuDomainEndpoint> &)>;

    // `done` exactly once. On failure the VM is left for the caller to remove.
    void start(Finished done);

protected:
    VmStartup(const QemuPlatform &platform, QemuDomainPlan plan, QemuVm *vm, QThreadPool *pool, int timeoutMs,
              QObject *parent);

    virtual bool isClone() const = 0;
    // The file the domain's disk overlay is backed by (empty: no disk), and its format (empty: ask qemu-img).
    virtual QString overlayBacking() const = 0;
    virtual QString overlayBackingFormat() const { return {}; }
    // The machine to launch, from the common one.
    virtual Result<QemuMachineSpec> machine(QemuMachineSpec common) const = 0;
    virtual void monitorReady() = 0;
    virtual void released() {} // the start has ended, either way

    void finish(const Result<QemuDomainEndpoint> &result);
    // Waits for the guest's SSH on its forward; `answered` follows (failures finish the start). A connection
    // silent for `silenceMs` is replaced by a new one.
    void checkSsh(std::function<void()> answered, int silenceMs = SshBannerProbe::kSilenceMs);
    int remainingMs() const;

    const QemuPlatform &m_platform;
    QemuDomainPlan m_plan;
    QPointer<QemuVm> m_vm;
    QElapsedTimer m_timer;

private:
    void prepare();
    void launch();

    QThreadPool *m_pool;
    int m_timeoutMs;
    QDeadlineTimer m_deadline;
    SshBannerProbe *m_probe = nullptr;
    Finished m_done;
};

} // namespace clonedeck
