#include "DiskOverlay.h"

#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>

namespace clonedeck {

namespace {

constexpr int kQemuImgTimeoutMs = 30000;

Result<QByteArray> runQemuImg(const QStringList &arguments)
{
    QProcess qemuImg;
    qemuImg.start(QStringLiteral("qemu-img"), arguments);
    if (!qemuImg.waitForFinished(kQemuImgTimeoutMs) || qemuImg.exitStatus() != QProcess::NormalExit ||
        qemuImg.exitCode() != 0) {
        qemuImg.kill();
        return Error{
            EIO, arguments.last(),
            QStringLiteral("qemu-img %1 failed: %2")
                .arg(arguments.first(), QString::fromUtf8(qemuImg.readAllStandardError().trimmed()))};
    }
    return qemuImg.readAllStandardOutput();
}

} // namespace

Status DiskOverlay::create(const QString &backing, const QString &overlay, QString backingFormat)
{
    const QString absoluteBacking = QFileInfo(backing).absoluteFilePath();
    if (backingFormat.isEmpty()) {
        const auto info =
            runQemuImg({QStringLiteral("info"), QStringLiteral("--output=json"), absoluteBacking});
        if (!info)
            return info.error();
        backingFormat = QJsonDocument::fromJson(*info).object().value(QStringLiteral("format")).toString();
        if (backingFormat.isEmpty())
            return Error{EINVAL, backing, QStringLiteral("qemu-img does not know this image's format")};
    }
    const auto created = runQemuImg({QStringLiteral("create"), QStringLiteral("-q"), QStringLiteral("-f"),
                                     QStringLiteral("qcow2"), QStringLiteral("-F"), backingFormat,
                                     QStringLiteral("-b"), absoluteBacking, overlay});
    if (!created)
        return created.error();
    return Done{};
}

} // namespace clonedeck
