#pragma once

// QEMU's argument vector for a master, a clone or the accelerator probe. One
// machine layout for all (q35, fixed PCI slots) because a clone loads its
// master's device state, which only fits an identical machine. Arguments are a
// list handed to exec, never a shell string.
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

namespace clonedeck {

struct QemuMachineSpec
{
    QString qemuBinary = QStringLiteral("qemu-system-x86_64");
    int domid = 0;
    int vcpus = 1;
    qint64 memoryMb = 256;
    QString accelerator = QStringLiteral("tcg"); // kvm | tcg
    QString ramPath;                             // memory-backend-file
    bool sharedRam = true; // the master maps its RAM shared (so it can be captured), clones privately
    QString kernel;        // masters only (clones resume, they do not boot)
    QString initrd;
    QString kernelAppend;
    QString disk; // this domain's qcow2 overlay, if the platform uses a disk image
    QString sshHost;
    quint16 sshPort = 22;
    QString privateMac;
    QString netSocketPath;    // this VM's end of the private network
    QString switchSocketPath; // the cluster's switch
    QString qmpPath;
    QString agentPath;        // the guest agent's channel
    QString identityPipePath; // the identity port's pipe chardev (PATH.in, PATH.out; CloneIdentityChannel)
    QString xenstoreEndpoint; // the domain's endpoint on the xenstore bridge; empty: port without backend
    QString serialLogPath;
    QString pidPath;
    QString vmGenerationId;           // a fresh UUID per VM: the guest kernel reseeds its RNG when it changes
    bool incoming = false;            // a clone: start paused, waiting for the master's device state
    QList<quint16> guestForwardPorts; // host ports on 127.0.0.1 the guest reaches at 10.0.2.100 (QemuOptions)
};

class QemuCommandLine
{
public:
    static QStringList arguments(const QemuMachineSpec &spec);
    // Boots the image on `accelerator` just far enough for /init to print kProbeMarker on the serial console
    // (stdout), then powers off.
    static QStringList probeArguments(const QString &accelerator, const QString &kernel,
                                      const QString &initrd);
    static constexpr const char *kProbeMarker = "clonedeck-probe-ok";
    static QString acceleratorArgument(const QString &accelerator);
    static QString cpuArgument(const QString &accelerator);
    // migrate-set-capabilities' argument: RAM in a shared memory file is not streamed (QEMU 7.2 has no
    // command-line property for it, so both ends set it over QMP).
    static QJsonObject ignoreSharedMemory();
};

} // namespace clonedeck
