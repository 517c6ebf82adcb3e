#include "RamSnapshot.h"

#include <QFile>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace clonedeck {

namespace {

// Closes a descriptor on every path out of a function.
struct FileDescriptor
{
    int fd = -1;
    ~FileDescriptor()
    {
        if (fd >= 0)
            ::close(fd);
    }
};

Status copyRange(int from, int to, off_t offset, off_t length)
{
    off_t inOffset = offset;
    off_t outOffset = offset;
    while (length > 0) {
        const ssize_t copied = ::copy_file_range(from, &inOffset, to, &outOffset, size_t(length), 0);
        if (copied < 0) {
            if (errno == EINTR)
                continue;
            return Error{errno, {}, QStringLiteral("copy_file_range failed")};
        }
        if (copied == 0)
            return Error{EIO, {}, QStringLiteral("the RAM file shrank while being copied")};
        length -= copied;
    }
    return Done{};
}

} // namespace

RamSnapshot::RamSnapshot(QString statePath, QString ramPath)
    : m_statePath(std::move(statePath))
    , m_ramPath(std::move(ramPath))
{}

RamSnapshot::~RamSnapshot()
{
    QFile::remove(m_statePath);
    QFile::remove(m_ramPath);
}

Result<qint64> RamSnapshot::copySparse(const QString &from, const QString &to)
{
    FileDescriptor source{::open(QFile::encodeName(from).constData(), O_RDONLY | O_CLOEXEC)};
    if (source.fd < 0)
        return Error{errno, from, QStringLiteral("cannot open the master's RAM file")};
    FileDescriptor target{
        ::open(QFile::encodeName(to).constData(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600)};
    if (target.fd < 0)
        return Error{errno, to, QStringLiteral("cannot create the RAM snapshot")};
    struct stat info
    {
    };
    if (::fstat(source.fd, &info) != 0 || ::ftruncate(target.fd, info.st_size) != 0)
        return Error{errno, to, QStringLiteral("cannot size the RAM snapshot")};
    qint64 copied = 0;
    off_t offset = 0;
    while (offset < info.st_size) {
        const off_t data = ::lseek(source.fd, offset, SEEK_DATA);
        if (data < 0)
            break; // ENXIO: only a hole is left
        const off_t hole = ::lseek(source.fd, data, SEEK_HOLE);
        if (hole < 0)
            return Error{errno, from, QStringLiteral("cannot find the RAM file's holes")};
        if (auto done = copyRange(source.fd, target.fd, data, hole - data); !done)
            return Error{done.error().code, to, done.error().message};
        copied += hole - data;
        offset = hole;
    }
    return copied;
}

} // namespace clonedeck
