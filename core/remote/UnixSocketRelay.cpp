#include "UnixSocketRelay.h"

#include "SshHost.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <cstring>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

namespace clonedeck {

namespace {
Error systemError(const QString &path, const char *what)
{
    const int code = errno;
    return Error{code, path,
                 QStringLiteral("%1: %2").arg(QLatin1String(what), QString::fromLocal8Bit(strerror(code)))};
}
} // namespace

UnixSocketRelay::UnixSocketRelay(QString socketPath, std::shared_ptr<SshHost> host)
    : m_socketPath(std::move(socketPath))
    , m_host(std::move(host))
{}

UnixSocketRelay::~UnixSocketRelay()
{
    QFile::remove(m_socketPath);
    QDir().rmdir(QFileInfo(m_socketPath).path());
}

Result<QString> UnixSocketRelay::makePrivateSocketPath()
{
    // mkdtemp makes the directory 0700: only this user reaches the socket in it.
    QByteArray pattern = QFile::encodeName(QDir::tempPath() + QStringLiteral("/clonedeck-relay-XXXXXX"));
    if (::mkdtemp(pattern.data()) == nullptr)
        return systemError(QFile::decodeName(pattern), "mkdtemp");
    return QFile::decodeName(pattern) + QStringLiteral("/xenstored");
}

Result<std::unique_ptr<UnixSocketRelay>>
UnixSocketRelay::start(const QString &socketPath, std::shared_ptr<SshHost> host, const QString &remotePath)
{
    const QByteArray path = QFile::encodeName(socketPath);
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    if (size_t(path.size()) >= sizeof address.sun_path)
        return Error{ENAMETOOLONG, socketPath,
                     QStringLiteral("the socket path is too long for a unix socket")};
    std::memcpy(address.sun_path, path.constData(), size_t(path.size()));
    const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return systemError(socketPath, "socket");
    if (::bind(fd, reinterpret_cast<const sockaddr *>(&address), sizeof address) != 0 ||
        ::listen(fd, 64) != 0) {
        Error error = systemError(socketPath, "bind");
        ::close(fd);
        return error;
    }
    std::unique_ptr<UnixSocketRelay> relay(new UnixSocketRelay(socketPath, host));
    host->serveUnixSocket(fd, remotePath);
    return relay;
}

} // namespace clonedeck
