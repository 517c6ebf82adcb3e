#include "RunDirectoryLock.h"

#include <QFile>

#include <fcntl.h>
#include <unistd.h>

namespace clonedeck {

namespace {
struct flock wholeFile(short type)
{
    struct flock lock = {};
    lock.l_type = type;
    lock.l_whence = SEEK_SET; // l_start = l_len = 0: the whole file
    return lock;
}

QByteArray readAll(int fd)
{
    QByteArray content(512, '\0');
    const ssize_t n = ::pread(fd, content.data(), content.size(), 0);
    content.resize(n > 0 ? n : 0);
    return content;
}
} // namespace

RunDirectoryLock::~RunDirectoryLock()
{
    release();
}

QString RunDirectoryLock::lockFilePath(const QString &runDir)
{
    return runDir + QStringLiteral("/clonedeckd.lock");
}

Status RunDirectoryLock::acquire(const QString &runDir)
{
    release();
    const QString path = lockFilePath(runDir);
    m_fd = ::open(QFile::encodeName(path).constData(), O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (m_fd < 0)
        return Error{errno, path, QStringLiteral("cannot create the run directory's lock file")};
    struct flock lock = wholeFile(F_WRLCK);
    if (::fcntl(m_fd, F_OFD_SETLK, &lock) != 0) {
        ::close(m_fd);
        m_fd = -1;
        const auto holder = inspect(runDir);
        const QString pid =
            holder && holder->pid > 0 ? QStringLiteral(" (pid %1)").arg(holder->pid) : QString();
        return Error{EBUSY, runDir,
                     QStringLiteral("another clonedeckd%1 serves this run directory").arg(pid)};
    }
    publishSocket({});
    return Done{};
}

void RunDirectoryLock::publishSocket(const QString &socketPath)
{
    QByteArray content = QByteArray::number(qint64(::getpid())) + '\n';
    if (!socketPath.isEmpty())
        content += QFile::encodeName(socketPath) + '\n';
    writeContent(content);
}

void RunDirectoryLock::writeContent(const QByteArray &content)
{
    // Readers see the old or the new line set: both short, written by one pwrite each.
    if (m_fd < 0 || ::ftruncate(m_fd, 0) != 0)
        return;
    [[maybe_unused]] const ssize_t written = ::pwrite(m_fd, content.constData(), size_t(content.size()), 0);
}

void RunDirectoryLock::release()
{
    if (m_fd < 0)
        return;
    writeContent({}); // a stale file names no one
    ::close(m_fd);    // drops the lock
    m_fd = -1;
}

std::optional<RunDirectoryLock::Holder> RunDirectoryLock::inspect(const QString &runDir)
{
    const int fd =
        ::open(QFile::encodeName(lockFilePath(runDir)).constData(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0)
        return std::nullopt;
    struct flock lock = wholeFile(F_RDLCK);
    const bool held = ::fcntl(fd, F_OFD_GETLK, &lock) == 0 && lock.l_type != F_UNLCK;
    const QByteArray content = held ? readAll(fd) : QByteArray();
    ::close(fd);
    if (!held)
        return std::nullopt;
    const QList<QByteArray> lines = content.split('\n');
    Holder holder;
    holder.pid = lines.value(0).toLongLong();
    holder.socketPath = QFile::decodeName(lines.value(1));
    return holder;
}

} // namespace clonedeck
