#include "QemuLaunch.h"

#include <QHostAddress>
#include <QRegularExpression>
#include <QTcpServer>
#include <QUuid>

namespace clonedeck::qemulaunch {

Result<quint16> chooseSshPort(const QString &host, quint16 requested, quint16 preferred, quint16 fallback)
{
    const QList<quint16> candidates =
        requested != 0 ? QList<quint16>{requested} : QList<quint16>{preferred, fallback};
    QString problem;
    for (quint16 port : candidates) {
        // QEMU binds the forward itself; a free port now is free for it a moment later (the address is
        // this domain's alone).
        QTcpServer probe;
        if (probe.listen(QHostAddress(host), port))
            return port;
        problem = probe.errorString();
    }
    return Error{EADDRINUSE, host, QStringLiteral("no SSH port can be bound: %1").arg(problem)};
}

QString overlayPath(const QemuPlatform &platform, int domid, int layer)
{
    return platform.vmDirectory(domid) + QStringLiteral("/disk-%1.qcow2").arg(layer);
}

QemuVmFacts facts(const QemuPlatform &platform, const QemuDomainPlan &plan, bool clone, quint16 sshPort,
                  bool hasDisk)
{
    QemuVmFacts facts;
    facts.clone = clone;
    facts.master = plan.masterDomid;
    facts.sshHost = plan.loopbackAddress;
    facts.sshPort = sshPort;
    facts.privateAddress = platform.network.addressFor(plan.loopbackAddress);
    facts.privateMac = platform.network.macFor(plan.loopbackAddress);
    if (!clone)
        facts.ramPath = platform.masterRamPath(plan.domid);
    if (hasDisk)
        facts.overlayPath = overlayPath(platform, plan.domid, 0);
    return facts;
}

QemuDomainEndpoint endpoint(const QemuVmFacts &facts)
{
    return QemuDomainEndpoint{facts.privateAddress, facts.sshHost, facts.sshPort};
}

QemuMachineSpec machineSpec(const QemuPlatform &platform, const QemuDomainPlan &plan, const QemuVm &vm,
                            quint16 sshPort)
{
    QemuMachineSpec spec;
    spec.qemuBinary = platform.options.qemuBinary;
    spec.domid = plan.domid;
    spec.vcpus = plan.vcpus;
    spec.memoryMb = plan.memoryMb;
    spec.accelerator = platform.accelerator;
    spec.ramPath = vm.facts().ramPath;
    spec.sharedRam = true;
    spec.disk = vm.facts().overlayPath;
    spec.sshHost = plan.loopbackAddress;
    spec.sshPort = sshPort;
    spec.privateMac = platform.network.macFor(plan.loopbackAddress);
    spec.netSocketPath = vm.netSocketPath();
    spec.switchSocketPath = platform.switchPath(plan.masterDomid);
    spec.qmpPath = vm.qmpPath();
    spec.agentPath = vm.agentPath();
    spec.identityPipePath = vm.identityPipePath();
    spec.xenstoreEndpoint = plan.xenstoreEndpoint;
    spec.serialLogPath = vm.file(QStringLiteral("serial.log"));
    spec.pidPath = vm.file(QStringLiteral("qemu.pid"));
    spec.vmGenerationId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    spec.guestForwardPorts = platform.options.guestForwardPorts;
    return spec;
}

Result<QString> kernelCommandLine(const QemuPlatform &platform, const QemuDomainPlan &plan)
{
    QStringList words{QStringLiteral("console=ttyS0"), QStringLiteral("quiet"), QStringLiteral("panic=-1"),
                      // The private network is IPv4; no IPv6 chatter from fork-cloned link-local addresses.
                      QStringLiteral("ipv6.disable=1"),
                      // Freed memory becomes zeros, which a capture skips (zeroing once, on free, is
                      // enough: no zeroing on allocation too).
                      QStringLiteral("init_on_free=1"), QStringLiteral("init_on_alloc=0"),
                      QStringLiteral("clonedeck.ip=") +
                          platform.network.addressWithPrefixFor(plan.loopbackAddress),
                      QStringLiteral("clonedeck.peers=") + platform.network.hostPattern()};
    const QStringList key = platform.authorizedKey.trimmed().split(QLatin1Char(' '));
    static const QRegularExpression keyType(QStringLiteral("^[a-z0-9@.-]+$"));
    static const QRegularExpression keyData(QStringLiteral("^[A-Za-z0-9+/=]+$"));
    if (key.size() >= 2) {
        if (!keyType.match(key[0]).hasMatch() || !keyData.match(key[1]).hasMatch())
            return Error{EINVAL, QStringLiteral("client key"),
                         QStringLiteral("not an OpenSSH public key line")};
        words.append(QStringLiteral("clonedeck.authkey=%1:%2").arg(key[0], key[1]));
    }
    if (!platform.options.kernelAppend.isEmpty())
        words.append(platform.options.kernelAppend);
    return words.join(QLatin1Char(' '));
}

} // namespace clonedeck::qemulaunch
