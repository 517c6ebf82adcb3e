#include "QemuOptions.h"

#include "PrivateNetwork.h"

#include <QCryptographicHash>
#include <QFileInfo>
#include <QStringList>

#include <unistd.h>

namespace clonedeck {

namespace {

Error optionError(const QString &key, const QString &message)
{
    return Error{EINVAL, QStringLiteral("[qemu] ") + key, message};
}

} // namespace

Result<QemuOptions> QemuOptions::load(const QMap<QString, QString> &settings, QemuOptions options)
{
    static const QStringList known{QStringLiteral("image_dir"),
                                   QStringLiteral("kernel"),
                                   QStringLiteral("initrd"),
                                   QStringLiteral("disk"),
                                   QStringLiteral("kernel_append"),
                                   QStringLiteral("accelerator"),
                                   QStringLiteral("qemu"),
                                   QStringLiteral("private_network"),
                                   QStringLiteral("ram_dir"),
                                   QStringLiteral("probe_timeout_ms"),
                                   QStringLiteral("boot_timeout_ms"),
                                   QStringLiteral("clone_timeout_ms"),
                                   QStringLiteral("stop_vms_on_exit"),
                                   QStringLiteral("guest_forward_ports")};
    for (auto it = settings.begin(); it != settings.end(); ++it) {
        if (!known.contains(it.key()))
            return optionError(
                it.key(), QStringLiteral("unknown key (known: %1)").arg(known.join(QStringLiteral(", "))));
    }
    const auto text = [&](const char *key, QString &field) {
        field = settings.value(QLatin1String(key), field);
    };
    text("image_dir", options.imageDir);
    text("kernel", options.kernel);
    text("initrd", options.initrd);
    text("disk", options.disk);
    text("kernel_append", options.kernelAppend);
    text("accelerator", options.accelerator);
    text("qemu", options.qemuBinary);
    text("private_network", options.privateNetwork);
    text("ram_dir", options.ramDir);
    for (const auto &[key, field] : {std::pair{"probe_timeout_ms", &options.probeTimeoutMs},
                                     std::pair{"boot_timeout_ms", &options.bootTimeoutMs},
                                     std::pair{"clone_timeout_ms", &options.cloneTimeoutMs}}) {
        if (!settings.contains(QLatin1String(key)))
            continue;
        bool parsed = false;
        *field = settings.value(QLatin1String(key)).toInt(&parsed);
        if (!parsed || *field <= 0)
            return optionError(QLatin1String(key),
                               QStringLiteral("must be a positive number of milliseconds"));
    }
    if (settings.contains(QStringLiteral("stop_vms_on_exit"))) {
        const QString value = settings.value(QStringLiteral("stop_vms_on_exit")).toLower();
        if (value != QLatin1String("true") && value != QLatin1String("false"))
            return optionError(QStringLiteral("stop_vms_on_exit"), QStringLiteral("is true or false"));
        options.stopVmsOnExit = value == QLatin1String("true");
    }
    if (settings.contains(QStringLiteral("guest_forward_ports"))) {
        options.guestForwardPorts.clear();
        const QStringList ports =
            settings.value(QStringLiteral("guest_forward_ports")).split(QLatin1Char(','), Qt::SkipEmptyParts);
        for (const QString &word : ports) {
            bool parsed = false;
            const uint port = word.trimmed().toUInt(&parsed);
            if (!parsed || port == 0 || port > 65535)
                return optionError(QStringLiteral("guest_forward_ports"),
                                   QStringLiteral("is a comma-separated list of TCP ports (1-65535)"));
            options.guestForwardPorts.append(static_cast<quint16>(port));
        }
    }
    return options;
}

void QemuOptions::resolveDefaults(const QString &executableDir)
{
    if (imageDir.isEmpty())
        imageDir = executableDir + QStringLiteral("/../guest-image");
    imageDir = QFileInfo(imageDir).absoluteFilePath();
    if (ramDir.isEmpty()) {
        // tmpfs, so that the master's shared RAM and the clones' copies never touch a disk; named
        // after the run directory so that two platforms never share one.
        const QByteArray tag =
            QCryptographicHash::hash(runDir.toUtf8(), QCryptographicHash::Sha256).toHex().left(12);
        ramDir = QStringLiteral("/dev/shm/clonedeck-%1-%2").arg(::getuid()).arg(QString::fromLatin1(tag));
    }
}

QString QemuOptions::kernelPath() const
{
    if (!kernel.isEmpty())
        return kernel;
    return disk.isEmpty() ? imageDir + QStringLiteral("/vmlinuz") : QString(); // a disk alone boots itself
}

QString QemuOptions::initrdPath() const
{
    if (!kernel.isEmpty() || !disk.isEmpty())
        return initrd;
    return imageDir + QStringLiteral("/initrd.img");
}

Status QemuOptions::validate() const
{
    if (accelerator != QLatin1String("auto") && accelerator != QLatin1String("kvm") &&
        accelerator != QLatin1String("tcg"))
        return optionError(QStringLiteral("accelerator"), QStringLiteral("is auto, kvm or tcg"));
    if (!PrivateNetwork::parse(privateNetwork))
        return optionError(QStringLiteral("private_network"),
                           QStringLiteral("must be an IPv4 network of /8 to /16, e.g. 10.77.0.0/16"));
    if (!kernelPath().isEmpty() && !QFileInfo::exists(kernelPath()))
        return Error{ENOENT, kernelPath(),
                     QStringLiteral("no guest kernel (build the guest image: make guest-image)")};
    if (!initrdPath().isEmpty() && !QFileInfo::exists(initrdPath()))
        return Error{ENOENT, initrdPath(), QStringLiteral("no guest initramfs (make guest-image)")};
    if (!disk.isEmpty() && !QFileInfo::exists(disk))
        return Error{ENOENT, disk, QStringLiteral("the disk image does not exist")};
    // Unix socket paths hold 107 bytes; the longest one is <runDir>/qemu/<domid>/qga.sock.
    if (domainsDir().toUtf8().size() > 80)
        return Error{ENAMETOOLONG, runDir,
                     QStringLiteral("the run directory's path is too long for the VMs' unix sockets")};
    return Done{};
}

} // namespace clonedeck
