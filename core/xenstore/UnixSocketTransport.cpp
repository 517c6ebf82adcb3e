#include "UnixSocketTransport.h"

#include <QFile>

#include <cstring>
#include <fcntl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

namespace clonedeck {

namespace {
Error failure(const QString &path, int code, const QString &what)
{
    const bool absent = code == ENOENT || code == ECONNREFUSED;
    return Error{absent ? ECONNREFUSED : code, path,
                 absent ? QStringLiteral("no xenstored answers at this socket")
                        : what + QStringLiteral(": ") + QString::fromLocal8Bit(strerror(code))};
}
} // namespace

UnixSocketTransport::UnixSocketTransport(QString path)
    : m_path(std::move(path))
{}

Result<int> UnixSocketTransport::connect()
{
    const QByteArray path = QFile::encodeName(m_path);
    struct stat info
    {
    };
    if (::stat(path.constData(), &info) == 0 && S_ISCHR(info.st_mode)) {
        const int fd = ::open(path.constData(), O_RDWR | O_NONBLOCK | O_CLOEXEC);
        if (fd < 0)
            return failure(m_path, errno, QStringLiteral("open"));
        return fd;
    }
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    if (size_t(path.size()) >= sizeof address.sun_path)
        return Error{ENAMETOOLONG, m_path, QStringLiteral("the socket path is too long for a unix socket")};
    std::memcpy(address.sun_path, path.constData(), size_t(path.size()));
    const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return failure(m_path, errno, QStringLiteral("socket"));
    // A local connect completes at once (or is refused): done blocking, then the fd goes non-blocking.
    if (::connect(fd, reinterpret_cast<const sockaddr *>(&address), sizeof address) != 0) {
        const int code = errno;
        ::close(fd);
        return failure(m_path, code, QStringLiteral("connect"));
    }
    ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
    return fd;
}

} // namespace clonedeck
