#include "Error.h"

#include <array>
#include <cstring>

namespace clonedeck {

namespace {
struct ErrnoName
{
    int code;
    const char *name;
};
// The names xenstored puts on the wire and the ones our protocol uses.
constexpr std::array kErrnoNames{
    ErrnoName{EINVAL, "EINVAL"},         ErrnoName{EACCES, "EACCES"},
    ErrnoName{EEXIST, "EEXIST"},         ErrnoName{EISDIR, "EISDIR"},
    ErrnoName{ENOENT, "ENOENT"},         ErrnoName{ENOMEM, "ENOMEM"},
    ErrnoName{ENOSPC, "ENOSPC"},         ErrnoName{EIO, "EIO"},
    ErrnoName{ENOTEMPTY, "ENOTEMPTY"},   ErrnoName{ENOSYS, "ENOSYS"},
    ErrnoName{EROFS, "EROFS"},           ErrnoName{EBUSY, "EBUSY"},
    ErrnoName{EAGAIN, "EAGAIN"},         ErrnoName{EISCONN, "EISCONN"},
    ErrnoName{E2BIG, "E2BIG"},           ErrnoName{EPERM, "EPERM"},
    ErrnoName{ETIMEDOUT, "ETIMEDOUT"},   ErrnoName{ECONNREFUSED, "ECONNREFUSED"},
    ErrnoName{ENOTCONN, "ENOTCONN"},     ErrnoName{ECANCELED, "ECANCELED"},
    ErrnoName{ECONNRESET, "ECONNRESET"}, ErrnoName{EPROTO, "EPROTO"},
    ErrnoName{ECHILD, "ECHILD"},         ErrnoName{EBADF, "EBADF"},
    ErrnoName{EPIPE, "EPIPE"},           ErrnoName{EDQUOT, "EDQUOT"},
    ErrnoName{EFBIG, "EFBIG"},           ErrnoName{EILSEQ, "EILSEQ"},
    ErrnoName{EALREADY, "EALREADY"},
};
} // namespace

QString Error::errnoName(int code)
{
    for (const auto &entry : kErrnoNames) {
        if (entry.code == code)
            return QString::fromLatin1(entry.name);
    }
    return QStringLiteral("E%1").arg(code);
}

int Error::errnoFromName(const QString &name)
{
    for (const auto &entry : kErrnoNames) {
        if (name == QLatin1String(entry.name))
            return entry.code;
    }
    return EIO;
}

QString Error::toString() const
{
    QString text = message.isEmpty() ? QString::fromLocal8Bit(std::strerror(code)) : message;
    if (!path.isEmpty())
        text = path + QStringLiteral(": ") + text;
    return text + QStringLiteral(" (") + errnoName(code) + QLatin1Char(')');
}

} // namespace clonedeck
