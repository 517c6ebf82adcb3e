#include "QemuCommandLine.h"

#include "QemuOptions.h"

#include <QJsonArray>

namespace clonedeck {

namespace {

// The channels' names inside the guest (/dev/virtio-ports/NAME); the guest image links
// /dev/xen/xenbus to the xenstore one.
const QString kAgentPort = QStringLiteral("org.qemu.guest_agent.0");
const QString kXenstorePort = QStringLiteral("org.clonedeck.xenstore");
const QString kIdentityPort = QStringLiteral("org.clonedeck.identity");

// A value inside QEMU's key=value,key=value option syntax: a comma is written twice.
QString value(const QString &text)
{
    QString escaped = text;
    return escaped.replace(QLatin1Char(','), QStringLiteral(",,"));
}

QStringList commonArguments(const QString &accelerator)
{
    return {QStringLiteral("-accel"),      QemuCommandLine::acceleratorArgument(accelerator),
            QStringLiteral("-cpu"),        QemuCommandLine::cpuArgument(accelerator),
            QStringLiteral("-nodefaults"), QStringLiteral("-no-user-config"),
            QStringLiteral("-display"),    QStringLiteral("none"),
            QStringLiteral("-no-reboot")};
}

// The user-mode network: SSH from the host through its one forward, and the guest isolated (restrict=on)
// except for the host ports the operator opened (guestfwd is an explicit rule, which restrict=on keeps).
// Each guest connection to such a port runs netcat on the host, joined to it by a socketpair; libslirp
// splits the command into words itself, without a shell, and the words are numbers and fixed text.
QString userNetwork(const QemuMachineSpec &spec)
{
    QString netdev =
        QStringLiteral("user,id=n0,restrict=on,hostfwd=tcp:%1:%2-:22").arg(spec.sshHost).arg(spec.sshPort);
    for (const quint16 port : spec.guestForwardPorts)
        netdev += QStringLiteral(",guestfwd=tcp:%1:%2-cmd:nc 127.0.0.1 %2")
                      .arg(QLatin1String(QemuOptions::kGuestForwardAddress))
                      .arg(port);
    return netdev;
}

} // namespace

QString QemuCommandLine::acceleratorArgument(const QString &accelerator)
{
    return accelerator == QLatin1String("kvm") ? QStringLiteral("kvm") : QStringLiteral("tcg");
}

QString QemuCommandLine::cpuArgument(const QString &accelerator)
{
    return accelerator == QLatin1String("kvm") ? QStringLiteral("host") : QStringLiteral("max");
}

QJsonObject QemuCommandLine::ignoreSharedMemory()
{
    return {{QStringLiteral("capabilities"),
             QJsonArray{QJsonObject{{QStringLiteral("capability"), QStringLiteral("x-ignore-shared")},
                                    {QStringLiteral("state"), true}}}}};
}

QStringList QemuCommandLine::arguments(const QemuMachineSpec &spec)
{
    QStringList args = commonArguments(spec.accelerator);
    const QString memory = QString::number(spec.memoryMb) + QLatin1Char('M');
    args << QStringLiteral("-name") << QStringLiteral("clonedeck-%1").arg(spec.domid) << QStringLiteral("-m")
         << memory << QStringLiteral("-smp")
         << QString::number(spec.vcpus)
         // A memory file so that the master's RAM can be captured without copying it through QEMU
         // (x-ignore-shared) and clones can map a copy of it copy-on-write.
         << QStringLiteral("-object")
         << QStringLiteral("memory-backend-file,id=ram0,size=%1,mem-path=%2,share=%3")
                .arg(memory, value(spec.ramPath),
                     spec.sharedRam ? QStringLiteral("on") : QStringLiteral("off"))
         << QStringLiteral("-machine") << QStringLiteral("q35,memory-backend=ram0")
         << QStringLiteral("-device") << QStringLiteral("vmgenid,guid=%1").arg(spec.vmGenerationId)
         << QStringLiteral("-chardev")
         << QStringLiteral("file,id=serial0,path=%1").arg(value(spec.serialLogPath))
         << QStringLiteral("-serial") << QStringLiteral("chardev:serial0") << QStringLiteral("-pidfile")
         << spec.pidPath << QStringLiteral("-chardev")
         << QStringLiteral("socket,id=qmp0,path=%1,server=on,wait=off").arg(value(spec.qmpPath))
         << QStringLiteral("-mon")
         << QStringLiteral("chardev=qmp0,mode=control")
         // (a) SSH from the host: user-mode networking, isolated from everything but its forward.
         << QStringLiteral("-netdev") << userNetwork(spec) << QStringLiteral("-device")
         << QStringLiteral("virtio-net-pci,netdev=n0,addr=0x3")
         // (b) the cluster's private network, through the switch in clonedeckd.
         << QStringLiteral("-netdev")
         << QStringLiteral("dgram,id=p0,local.type=unix,local.path=%1,remote.type=unix,remote.path=%2")
                .arg(value(spec.netSocketPath), value(spec.switchSocketPath))
         << QStringLiteral("-device")
         << QStringLiteral("virtio-net-pci,netdev=p0,addr=0x4,mac=%1").arg(spec.privateMac)
         << QStringLiteral("-device") << QStringLiteral("virtio-serial-pci,id=vs0,addr=0x5")
         << QStringLiteral("-chardev")
         << QStringLiteral("socket,id=agent0,path=%1,server=on,wait=off").arg(value(spec.agentPath))
         << QStringLiteral("-device")
         << QStringLiteral("virtserialport,bus=vs0.0,nr=1,chardev=agent0,name=%1").arg(kAgentPort)
         << QStringLiteral("-chardev")
         << (spec.xenstoreEndpoint.isEmpty()
                 ? QStringLiteral("null,id=xs0")
                 // reconnect: the bridge's endpoint comes back after a clonedeckd restart
                 : QStringLiteral("socket,id=xs0,path=%1,reconnect=1").arg(value(spec.xenstoreEndpoint)))
         << QStringLiteral("-device")
         << QStringLiteral("virtserialport,bus=vs0.0,nr=2,chardev=xs0,name=%1").arg(kXenstorePort)
         // A pipe is always connected: the guest's helper blocks in its read instead of seeing end-of-file.
         << QStringLiteral("-chardev")
         << QStringLiteral("pipe,id=id0,path=%1").arg(value(spec.identityPipePath))
         << QStringLiteral("-device")
         << QStringLiteral("virtserialport,bus=vs0.0,nr=3,chardev=id0,name=%1").arg(kIdentityPort);
    if (!spec.disk.isEmpty()) {
        args << QStringLiteral("-blockdev")
             << QStringLiteral("driver=qcow2,node-name=disk0,file.driver=file,file.filename=%1")
                    .arg(value(spec.disk))
             << QStringLiteral("-device") << QStringLiteral("virtio-blk-pci,drive=disk0,addr=0x6");
    }
    if (spec.incoming) {
        args << QStringLiteral("-incoming") << QStringLiteral("defer");
    } else if (!spec.kernel.isEmpty()) {
        args << QStringLiteral("-kernel") << spec.kernel << QStringLiteral("-append") << spec.kernelAppend;
        if (!spec.initrd.isEmpty())
            args << QStringLiteral("-initrd") << spec.initrd;
    }
    return args;
}

QStringList QemuCommandLine::probeArguments(const QString &accelerator, const QString &kernel,
                                            const QString &initrd)
{
    QStringList args = commonArguments(accelerator);
    args << QStringLiteral("-m") << QStringLiteral("128M") << QStringLiteral("-serial")
         << QStringLiteral("stdio") << QStringLiteral("-kernel") << kernel << QStringLiteral("-append")
         << QStringLiteral("console=ttyS0 quiet panic=-1 clonedeck.probe=1");
    if (!initrd.isEmpty())
        args << QStringLiteral("-initrd") << initrd;
    return args;
}

} // namespace clonedeck
