#pragma once

// Boots a master from the guest image: a fresh RAM file on tmpfs (shared, so
// that it can be captured for clones), the kernel command line that carries its
// private address and the platform's key, and then waits until the guest's SSH
// answers through the forward. Also what `resume` does for a master whose QEMU
// is gone: boot it again on the address and port it had.
#include "VmStartup.h"

namespace clonedeck {

class MasterBoot : public VmStartup
{
    Q_OBJECT
public:
    MasterBoot(const QemuPlatform &platform, QemuDomainPlan plan, QemuVm *vm, QThreadPool *pool,
               QObject *parent = nullptr);

private:
    bool isClone() const override { return false; }
    QString overlayBacking() const override { return m_platform.options.disk; }
    Result<QemuMachineSpec> machine(QemuMachineSpec common) const override;
    void monitorReady() override;
};

} // namespace clonedeck
