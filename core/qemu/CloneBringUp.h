#pragma once

// Starts one clone from its master's capture: QEMU waiting for incoming state,
// mapping the captured RAM privately (copy-on-write); the device state passed
// as a descriptor; private link down while the guest still wears its master's
// MAC and address; `cont`; then through the guest agent its clock (it stood
// still since the capture) and its own MAC and private address (argument
// vectors, no shell) while its SSH is checked on its own loopback forward; then
// link up and the guest announces its new MAC.
#include "QemuDomainPlan.h"
#include "QemuVm.h"
#include "RamSnapshot.h"
#include "SshBannerProbe.h"

#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QObject>
#include <QPointer>

#include <functional>

class QThreadPool;

namespace clonedeck {

class CloneBringUp : public QObject
{
    Q_OBJECT
public:
    using Finished = std::function<void(const Result<QemuDomainEndpoint> &)>;

    CloneBringUp(const QemuPlatform &platform, QemuDomainPlan plan, QemuVm *vm, SharedRamSnapshot snapshot,
                 QThreadPool *pool, QObject *parent = nullptr);
    // `done` exactly once. On failure the VM is left for the caller to remove.
    void start(Finished done);

private:
    void prepare();
    void launch();
    void loadState();
    void pollIncoming();
    void resumeGuest();
    void reconfigureGuest();
    void stepDone();
    void linkUp();
    int remainingMs() const;
    void finish(const Result<QemuDomainEndpoint> &result);
    void qmp(const QString &command, const QJsonObject &arguments,
             std::function<void(const QJsonValue &)> next, int fd = -1);

    const QemuPlatform &m_platform;
    QemuDomainPlan m_plan;
    QPointer<QemuVm> m_vm;
    SharedRamSnapshot m_snapshot; // released once QEMU has loaded it
    QThreadPool *m_pool;
    SshBannerProbe *m_probe = nullptr;
    QDeadlineTimer m_deadline;
    QElapsedTimer m_timer;
    int m_stepsDone = 0;
    Finished m_done;
};

} // namespace clonedeck
