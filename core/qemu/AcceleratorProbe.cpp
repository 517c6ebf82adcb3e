#include "AcceleratorProbe.h"

#include "Log.h"
#include "QemuCommandLine.h"

#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QProcess>

#include <cstring>
#include <fcntl.h>
#include <unistd.h>

namespace clonedeck {

namespace {

Status kvmDeviceUsable()
{
    const int fd = ::open("/dev/kvm", O_RDWR | O_CLOEXEC);
    if (fd < 0)
        return Error{
            errno, QStringLiteral("/dev/kvm"),
            QStringLiteral("cannot open /dev/kvm: %1").arg(QString::fromLocal8Bit(std::strerror(errno)))};
    ::close(fd);
    return Done{};
}

} // namespace

Status AcceleratorProbe::bootProbe(const QString &qemuBinary, const QString &accelerator,
                                   const QString &kernel, const QString &initrd, int timeoutMs)
{
    QProcess qemu;
    qemu.setProcessChannelMode(QProcess::SeparateChannels);
    qemu.start(qemuBinary, QemuCommandLine::probeArguments(accelerator, kernel, initrd));
    if (!qemu.waitForStarted(5000))
        return Error{ENOEXEC, qemuBinary, QStringLiteral("cannot start QEMU: ") + qemu.errorString()};
    const QDeadlineTimer deadline(timeoutMs);
    QByteArray console;
    while (!deadline.hasExpired() && qemu.state() == QProcess::Running) {
        // A blocking wait with a deadline, not an event loop: this runs once, at start-up.
        qemu.waitForReadyRead(int(std::max<qint64>(1, deadline.remainingTime())));
        console += qemu.readAllStandardOutput();
        if (console.contains(QemuCommandLine::kProbeMarker)) {
            qemu.kill();
            qemu.waitForFinished(5000);
            return Done{};
        }
    }
    const bool exited = qemu.state() != QProcess::Running;
    qemu.kill();
    qemu.waitForFinished(5000);
    const QString diagnostics = QString::fromUtf8(qemu.readAllStandardError().trimmed().right(300));
    if (exited)
        return Error{EIO, accelerator,
                     QStringLiteral("QEMU ended before the guest booted: %1").arg(diagnostics)};
    return Error{ETIMEDOUT, accelerator,
                 QStringLiteral("the guest did not boot within %1 ms").arg(timeoutMs)};
}

Result<AcceleratorChoice> AcceleratorProbe::choose(const QemuOptions &options)
{
    if (options.accelerator == QLatin1String("tcg"))
        return AcceleratorChoice{QStringLiteral("tcg"), QStringLiteral("configured")};
    QString reason;
    if (auto device = kvmDeviceUsable(); !device) {
        reason = device.error().message;
    } else if (options.kernelPath().isEmpty()) {
        reason =
            QStringLiteral("no kernel to probe KVM with (a disk image alone); set accelerator=kvm to force");
    } else {
        QElapsedTimer timer;
        timer.start();
        const Status booted = bootProbe(options.qemuBinary, QStringLiteral("kvm"), options.kernelPath(),
                                        options.initrdPath(), options.probeTimeoutMs);
        if (booted)
            return AcceleratorChoice{QStringLiteral("kvm"),
                                     QStringLiteral("KVM booted the guest in %1 ms").arg(timer.elapsed())};
        reason = QStringLiteral("KVM did not boot the guest: ") + booted.error().message;
    }
    if (options.accelerator == QLatin1String("kvm"))
        return Error{ENODEV, QStringLiteral("kvm"), reason};
    return AcceleratorChoice{QStringLiteral("tcg"), reason};
}

} // namespace clonedeck
