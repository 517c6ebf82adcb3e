#include "RamSnapshot.h"

#include <QFile>

#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <vector>

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

constexpr off_t kPage = 4096;

bool isZeroPage(const char *page)
{
    static const char zeros[kPage] = {};
    return std::memcmp(page, zeros, kPage) == 0;
}

Status writeAll(int to, const char *data, off_t length, off_t offset)
{
    while (length > 0) {
        const ssize_t written = ::pwrite(to, data, size_t(length), offset);
        if (written < 0) {
            if (errno == EINTR)
                continue;
            return Error{errno, {}, QStringLiteral("cannot write the RAM snapshot")};
        }
        data += written;
        offset += written;
        length -= written;
    }
    return Done{};
}

// Copies the pages of [offset, offset + length) that hold anything but zeros; returns the bytes written.
// The guest frees memory as zeros (init_on_free), so most of what it ever touched is skipped. Reading in
// chunks beats both copy_file_range of everything and a mapping of the file (measured on 130 MB with half
// zeros: 0.13 s against 0.17 s and 0.5 s, the latter for its page faults).
Result<qint64> copyNonZeroPages(int from, int to, off_t offset, off_t length)
{
    constexpr off_t kChunk = 1 << 20;
    std::vector<char> buffer(kChunk);
    qint64 written = 0;
    for (off_t chunk = offset; chunk < offset + length; chunk += kChunk) {
        const off_t size = std::min(kChunk, offset + length - chunk);
        if (::pread(from, buffer.data(), size_t(size), chunk) != size)
            return Error{errno ? errno : EIO, {}, QStringLiteral("cannot read the master's RAM file")};
        off_t runStart = -1;
        for (off_t page = 0; page <= size; page += kPage) {
            const bool data = page < size && !isZeroPage(buffer.data() + page);
            if (data && runStart < 0)
                runStart = page;
            if (!data && runStart >= 0) {
                if (auto done = writeAll(to, buffer.data() + runStart, page - runStart, chunk + runStart);
                    !done)
                    return done.error();
                written += page - runStart;
                runStart = -1;
            }
        }
    }
    return written;
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
        const auto written = copyNonZeroPages(source.fd, target.fd, data, hole - data);
        if (!written)
            return Error{written.error().code, to, written.error().message};
        copied += *written;
        offset = hole;
    }
    return copied;
}

} // namespace clonedeck
