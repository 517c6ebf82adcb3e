#include "PrivateFiles.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <cstring>
#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace clonedeck {

namespace {

Error systemError(const QString &path, const QString &what, int code = errno)
{
    return Error{code, path, what + QStringLiteral(": ") + QString::fromLocal8Bit(strerror(code))};
}

QString octal(mode_t mode)
{
    return QStringLiteral("0%1").arg(mode & 07777, 3, 8, QLatin1Char('0'));
}

// Repeats `step(done)`, a read or write of what is left, until `size` bytes have moved or it
// moves nothing (EOF, an error other than EINTR). Returns how many moved.
template<typename Step>
qsizetype repeat(qsizetype size, Step step)
{
    qsizetype done = 0;
    while (done < size) {
        errno = 0;
        const ssize_t n = step(done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        done += n;
    }
    return done;
}

Status writeAll(int fd, const QString &path, const QByteArray &content)
{
    const qsizetype size = content.size();
    if (repeat(size, [&](qsizetype done) {
            return ::write(fd, content.constData() + done, size_t(size - done));
        }) != size)
        return systemError(path, QStringLiteral("cannot write"), errno ? errno : EIO);
    if (::fsync(fd) != 0)
        return systemError(path, QStringLiteral("cannot write"));
    return Done{};
}

Status writeThrough(int fd, const QString &path, const QByteArray &content)
{
    Status written = writeAll(fd, path, content);
    ::close(fd);
    if (!written)
        ::unlink(QFile::encodeName(path).constData()); // nothing half-written stays behind
    return written;
}

Result<QByteArray> readRegular(int fd, const QString &path, qint64 maxBytes)
{
    struct stat st
    {
    };
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size > maxBytes) {
        const bool regular = S_ISREG(st.st_mode);
        ::close(fd);
        return Error{regular ? EFBIG : EINVAL, path,
                     regular ? QStringLiteral("larger than %1 bytes").arg(maxBytes)
                             : QStringLiteral("not a regular file")};
    }
    QByteArray content(qsizetype(st.st_size), Qt::Uninitialized);
    const qsizetype size = content.size();
    content.truncate(
        repeat(size, [&](qsizetype done) { return ::read(fd, content.data() + done, size_t(size - done)); }));
    ::close(fd);
    return content;
}

Error openError(const QString &path, int code)
{
    if (code == ELOOP)
        return Error{ELOOP, path, QStringLiteral("is a symbolic link, which is never followed here")};
    if (code == EXDEV)
        return Error{ELOOP, path, QStringLiteral("leads outside its directory through a symbolic link")};
    return systemError(path, QStringLiteral("cannot open"), code);
}

} // namespace

Status PrivateFiles::ensureDirectory(const QString &path, mode_t mode)
{
    const QByteArray name = QFile::encodeName(path);
    struct stat st
    {
    };
    if (::lstat(name.constData(), &st) != 0) {
        if (errno != ENOENT)
            return systemError(path, QStringLiteral("cannot inspect the directory"));
        const QString parent = QFileInfo(path).absolutePath();
        if (!QDir().mkpath(parent))
            return systemError(parent, QStringLiteral("cannot create the directory"), EACCES);
        if (::mkdir(name.constData(), mode) != 0 && errno != EEXIST)
            return systemError(path, QStringLiteral("cannot create the directory"));
        ::chmod(name.constData(), mode); // mkdir's mode went through the umask; nobody else can enter yet
        if (::lstat(name.constData(), &st) != 0)
            return systemError(path, QStringLiteral("cannot inspect the directory"));
    }
    const QString fix = QStringLiteral("; remove it or choose another directory");
    if (S_ISLNK(st.st_mode))
        return Error{ELOOP, path, QStringLiteral("is a symbolic link, not a directory of its own") + fix};
    if (!S_ISDIR(st.st_mode))
        return Error{ENOTDIR, path, QStringLiteral("is not a directory") + fix};
    if (st.st_uid != ::geteuid())
        return Error{EPERM, path,
                     QStringLiteral("belongs to uid %1, not to this user (uid %2): someone else may have "
                                    "prepared it")
                             .arg(st.st_uid)
                             .arg(::geteuid()) +
                         fix};
    if ((st.st_mode & 07777) != mode)
        return Error{EPERM, path,
                     QStringLiteral("has mode %1; it must be %2 (chmod %3 '%4')")
                         .arg(octal(st.st_mode), octal(mode), octal(mode).mid(1), path)};
    return Done{};
}

Status PrivateFiles::createFile(const QString &path, const QByteArray &content, mode_t mode)
{
    const int fd = ::open(QFile::encodeName(path).constData(),
                          O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);
    if (fd < 0)
        return errno == EEXIST ? Error{EEXIST, path, QStringLiteral("already exists; refusing to replace it")}
                               : openError(path, errno);
    ::fchmod(fd, mode); // the umask narrowed it, if anything; the mode is exact from here on
    return writeThrough(fd, path, content);
}

Status PrivateFiles::writeFile(const QString &path, const QByteArray &content, mode_t mode)
{
    const int fd =
        ::open(QFile::encodeName(path).constData(), O_WRONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC, mode);
    if (fd < 0)
        return openError(path, errno);
    struct stat st
    {
    };
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_uid != ::geteuid()) {
        ::close(fd);
        return Error{EPERM, path, QStringLiteral("is not a regular file of this user")};
    }
    if (::fchmod(fd, mode) != 0 || ::ftruncate(fd, 0) != 0) {
        const Error error = systemError(path, QStringLiteral("cannot write"));
        ::close(fd);
        return error;
    }
    return writeThrough(fd, path, content);
}

Result<QByteArray> PrivateFiles::readFile(const QString &path, qint64 maxBytes)
{
    // O_NONBLOCK: opening a FIFO someone planted must not hang; it is refused as not regular.
    const int fd =
        ::open(QFile::encodeName(path).constData(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
        return openError(path, errno);
    return readRegular(fd, path, maxBytes);
}

Result<QByteArray> PrivateFiles::readFileBeneath(const QString &directory, const QString &relativePath,
                                                 qint64 maxBytes)
{
    const QString path = directory + QLatin1Char('/') + relativePath;
    const int dirFd =
        ::open(QFile::encodeName(directory).constData(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (dirFd < 0)
        return openError(directory, errno);
    open_how how{};
    how.flags = O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC;
    how.resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS;
    const QByteArray relative = QFile::encodeName(relativePath);
    const int fd = int(::syscall(SYS_openat2, dirFd, relative.constData(), &how, sizeof how));
    const int code = errno;
    ::close(dirFd);
    if (fd < 0)
        return openError(path, code);
    return readRegular(fd, path, maxBytes);
}

} // namespace clonedeck
