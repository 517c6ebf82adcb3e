#pragma once

// A real clonedeckd running the QEMU backend for one test or benchmark: one
// master VM booted from the guest image (the slow part, shared by everything
// the test does), stock OpenSSH to reach VMs (a private known_hosts under one
// alias, so every clone must present its master's host key), clones through
// clonectl, and what the host can observe of the VMs: their QEMU processes,
// RAM files and memory use.
#include "PlatformFixture.h"

#include <QJsonObject>
#include <QList>

class QProcess;

namespace clonedeck::test {

// The tests' guests. A sanitized build puts its sanitized gc (16 MB against 0.4, and ASan's
// allocator when it runs) into the guest image: a 256 MiB guest then runs out of memory, which its
// tmpfs reports as ENOSPC on the next write.
#if defined(__SANITIZE_ADDRESS__)
inline constexpr int kTestGuestMemoryMb = 448;
#else
inline constexpr int kTestGuestMemoryMb = 256;
#endif

class QemuClusterFixture
{
public:
    struct Vm
    {
        int domid = 0;
        int master = 0; // its lineage: every VM of it presents the master's host key
        QString ip;     // on the cluster's private network (ltd)
        QString sshHost;
        quint16 sshPort = 0;
    };
    struct Options
    {
        int masterMemoryMb = kTestGuestMemoryMb;
        QString hosts = QStringLiteral("host1:32:16384");
        int bootTimeoutMs = 300000;
        QString accelerator = QStringLiteral("auto");
        int masters = 1; // clusters, each with its master VM (all boot at once)
        QString
            disk; // a disk image for every VM (then the image's kernel and initramfs are named explicitly)
        QString extraQemuConfig; // more `key=value` lines for the [qemu] section (a benchmark's A/B runs)
    };

    // Starts clonedeckd --backend qemu and waits for the master's SSH. Empty on success, else why not.
    QString start(const Options &options);
    QString start() { return start(Options{}); }
    // After a crash (platform().killHard()): starts clonedeckd again and waits for the master to run.
    QString restart();

    PlatformFixture &platform() { return m_platform; }
    const Vm &master() const { return m_masters.first(); }
    const QList<Vm> &masters() const { return m_masters; }
    QString accelerator() const { return m_accelerator; }

    // Runs `command` in the VM as root with stock OpenSSH, through its loopback forward.
    CommandResult ssh(const Vm &vm, const QString &command, int timeoutMs = 60000) const;
    // Starts `command` in the VM as `ssh` does, its stdin and stdout wired to `session`: a conversation.
    void startSsh(QProcess &session, const Vm &vm, const QString &command) const;
    // The same command in every VM at once (one OpenSSH client each); the exit codes, in order.
    QList<int> sshAll(const QList<Vm> &vms, const QString &command, int timeoutMs = 60000) const;
    // A xenstore read made by the guest itself, through its /dev/xen/xenbus (the virtio-serial port
    // whose host end is the domain's bridge endpoint): "value", or "error ENOENT" as xenstore answered,
    // or what went wrong on the way. A relative path is the guest's own domain's (Xen's rule).
    QString xenstoreReadInGuest(const Vm &vm, const QString &path) const;
    // rt + clone as the master; the ticket and its clones (ltd), or why not.
    struct Clones
    {
        QString ticket;
        QList<Vm> vms;
        QString error;
    };
    Clones clone(int count, int timeoutMs = 120000);
    // The platform's domain records (clonectl domains --json), by domid.
    QMap<int, QJsonObject> domains() const;
    static Vm vmFrom(const QJsonObject &domainRecord);

    // Observations of the host.
    QList<qint64> qemuProcesses() const; // every QEMU of this run directory
    qint64 qemuProcess(int domid) const;
    QStringList ramFiles() const; // the backend's tmpfs directory
    static qint64 pssKiB(qint64 pid);

private:
    QString waitForMasters(int timeoutMs);
    QStringList sshArguments(const Vm &vm, const QString &command) const;
    QString configPath() const { return m_platform.runDir() + QStringLiteral("/clonedeckd.ini"); }

    PlatformFixture m_platform;
    Options m_options;
    QList<Vm> m_masters{Vm{}};
    QString m_accelerator;
};

} // namespace clonedeck::test
