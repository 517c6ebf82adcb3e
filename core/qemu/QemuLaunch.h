#pragma once

// The pieces a master's boot and a clone's start have in common: the SSH port a
// domain gets, its QEMU machine, and the kernel command line a master boots with.
#include "QemuCommandLine.h"
#include "QemuDomainPlan.h"
#include "QemuVm.h"

#include <QFutureWatcher>
#include <QtConcurrent/QtConcurrentRun>
#include <QThreadPool>

#include <functional>

namespace clonedeck {

namespace qemulaunch {

// `requested` when given (a resumed domain keeps its port), else the preferred port if it can be bound on
// `host`, else the fallback.
Result<quint16> chooseSshPort(const QString &host, quint16 requested, quint16 preferred, quint16 fallback);

QemuMachineSpec machineSpec(const QemuPlatform &platform, const QemuDomainPlan &plan, const QemuVm &vm,
                            quint16 sshPort);

// The master's kernel command line: its private address, the platform's key and the network's host
// pattern for the guest's known_hosts. Each value is checked against the characters the guest accepts.
Result<QString> kernelCommandLine(const QemuPlatform &platform, const QemuDomainPlan &plan);

// The facts a VM directory records. `hasDisk`: the domain's disk is a qcow2 overlay in its directory.
QemuVmFacts facts(const QemuPlatform &platform, const QemuDomainPlan &plan, bool clone, quint16 sshPort,
                  bool hasDisk);
QString overlayPath(const QemuPlatform &platform, int domid, int layer);

QemuDomainEndpoint endpoint(const QemuVmFacts &facts);

// Runs blocking `work` (a copy, qemu-img) on `pool` and `then` with its result on `context`'s thread, so the
// daemon's loop keeps serving meanwhile.
template<typename T>
void inBackground(QThreadPool *pool, QObject *context, std::function<T()> work,
                  std::function<void(const T &)> then)
{
    auto *watcher = new QFutureWatcher<T>(context);
    QObject::connect(watcher, &QFutureWatcher<T>::finished, context, [watcher, then] {
        watcher->deleteLater();
        then(watcher->result());
    });
    watcher->setFuture(QtConcurrent::run(pool, std::move(work)));
}

} // namespace qemulaunch

} // namespace clonedeck
