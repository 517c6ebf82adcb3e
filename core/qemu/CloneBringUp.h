#pragma once

// Starts one clone from its master's capture: QEMU waiting for incoming state,
// mapping the captured RAM privately (copy-on-write); the device state passed
// as a descriptor; private link down while the guest still wears its master's
// MAC and address; its identity (own MAC, private address, clock, which stood still
// since the capture) written to the guest's resident helper; `cont`; the helper's
// answer and its SSH on its own loopback forward awaited at once; then link up and
// the guest announces its new MAC.
#include "CloneIdentityChannel.h"
#include "RamSnapshot.h"
#include "VmStartup.h"

namespace clonedeck {

class CloneBringUp : public VmStartup
{
    Q_OBJECT
public:
    CloneBringUp(const QemuPlatform &platform, QemuDomainPlan plan, QemuVm *vm, SharedRamSnapshot snapshot,
                 QThreadPool *pool, QObject *parent = nullptr);

private:
    bool isClone() const override { return true; }
    // The master's disk as it was at the capture, written copy-on-write into this clone's own overlay.
    QString overlayBacking() const override { return m_snapshot->diskBase(); }
    QString overlayBackingFormat() const override { return QStringLiteral("qcow2"); }
    Result<QemuMachineSpec> machine(QemuMachineSpec common) const override;
    void monitorReady() override { loadState(); }
    void released() override { m_snapshot.reset(); }

    void loadState();
    void pollIncoming();
    void resumeGuest();
    void sendIdentity();
    void stepDone();
    void linkUp();
    void qmp(const QString &command, const QJsonObject &arguments,
             std::function<void(const QJsonValue &)> next, int fd = -1);

    SharedRamSnapshot m_snapshot; // released once QEMU has loaded it
    CloneIdentityChannel m_identity;
    int m_stepsDone = 0;
};

} // namespace clonedeck
