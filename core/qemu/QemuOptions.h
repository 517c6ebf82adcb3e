#pragma once

// What the QEMU backend runs and how: the guest image (the project's kernel and
// initramfs, or the user's own kernel/initramfs or disk image), the accelerator
// choice, the QEMU binary, the clusters' private network and where RAM files
// live. Read from the [qemu] group of clonedeckd's --config (docs/qemu-backend.md).
#include "Error.h"

#include <QList>
#include <QMap>
#include <QString>

namespace clonedeck {

struct QemuOptions
{
    QString runDir;       // clonedeckd's run directory; per-domain files under <runDir>/qemu
    QString imageDir;     // the built guest image (vmlinuz, initrd.img); default beside clonedeckd
    QString kernel;       // the user's own kernel (default: <imageDir>/vmlinuz)
    QString initrd;       // the user's own initramfs (default: <imageDir>/initrd.img)
    QString disk;         // a disk image; each domain then gets a qcow2 overlay on it
    QString kernelAppend; // extra kernel command line
    QString accelerator = QStringLiteral("auto"); // auto | kvm | tcg
    QString qemuBinary = QStringLiteral("qemu-system-x86_64");
    QString privateNetwork = QStringLiteral("10.77.0.0/16"); // every cluster's private network
    QString ramDir;             // RAM files (tmpfs); default /dev/shm/clonedeck-<uid>-<hash of runDir>
    int probeTimeoutMs = 10000; // an accelerator that has not booted the guest by then is broken
    int bootTimeoutMs = 180000; // a master whose SSH has not answered by then failed
    int cloneTimeoutMs = 60000; // a clone not answering by then failed
    int pauseWarningMs = 200;   // a longer master pause is logged as a warning
    bool stopVmsOnExit = false; // VMs outlive clonedeckd (adopted at its next start) unless set
    // Host TCP ports on 127.0.0.1 that every guest reaches at kGuestForwardAddress:PORT (e.g. a CI
    // master's worker port); nothing else of the host is reachable from a guest.
    QList<quint16> guestForwardPorts;
    static constexpr const char *kGuestForwardAddress = "10.0.2.100";

    // The [qemu] group's keys (kernel, initrd, disk, kernel_append, accelerator, qemu, private_network,
    // ram_dir, image_dir, probe_timeout_ms, boot_timeout_ms, clone_timeout_ms, stop_vms_on_exit,
    // guest_forward_ports), over these defaults.
    static Result<QemuOptions> load(const QMap<QString, QString> &settings, QemuOptions defaults);
    // Fills in the defaults that depend on the run directory and where clonedeckd is installed.
    void resolveDefaults(const QString &executableDir);
    Status validate() const;

    QString domainsDir() const { return runDir + QStringLiteral("/qemu"); }
    // Empty when there is none: a disk image without a kernel boots through the firmware.
    QString kernelPath() const;
    QString initrdPath() const;
};

} // namespace clonedeck
