#pragma once

// The pieces a master's boot and a clone's start have in common: the SSH port a
// domain gets, its QEMU machine, and the kernel command line a master boots with.
#include "QemuCommandLine.h"
#include "QemuDomainPlan.h"
#include "QemuVm.h"

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

// The facts a VM directory records.
QemuVmFacts facts(const QemuPlatform &platform, const QemuDomainPlan &plan, bool clone, quint16 sshPort);

QemuDomainEndpoint endpoint(const QemuVmFacts &facts);

} // namespace qemulaunch

} // namespace clonedeck
