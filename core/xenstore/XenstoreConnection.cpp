#include "XenstoreConnection.h"

#include "Log.h"

#include <QFile>
#include <QFileInfo>

extern "C" {
#include <xenstore.h>
}

#include <cerrno>
#include <cstdlib>
#include <mutex>
#include <poll.h>

namespace clonedeck {

namespace {

Error failure(const QString &path, const char *what)
{
    const int code = errno != 0 ? errno : EIO;
    return Error{
        code, path,
        QStringLiteral("%1 failed: %2").arg(QLatin1String(what), QString::fromLocal8Bit(strerror(code)))};
}

QByteArray pathBytes(const QString &path)
{
    return path.toUtf8();
}

} // namespace

QString XenstoreConnection::defaultSocketPath()
{
    const QString fromEnv = qEnvironmentVariable("XENSTORED_PATH");
    if (!fromEnv.isEmpty())
        return fromEnv;
    for (const char *candidate : {"/var/run/xenstored/socket", "/run/xenstored/socket"}) {
        if (QFileInfo::exists(QLatin1String(candidate)))
            return QLatin1String(candidate);
    }
    return QStringLiteral("/dev/xen/xenbus");
}

Status XenstoreConnection::fixSocketPath(const QString &socketPath)
{
    // The socket is the process's, like the variable that names it: set once, then only compared.
    static std::once_flag once;
    static QString fixed;
    std::call_once(once, [&] {
        fixed = socketPath;
        if (qgetenv("XENSTORED_PATH") != QFile::encodeName(socketPath))
            qputenv("XENSTORED_PATH", QFile::encodeName(socketPath));
    });
    if (socketPath != fixed)
        return Error{EINVAL, socketPath,
                     QStringLiteral("this process talks to the xenstored at %1 through libxenstore; another "
                                    "socket needs a process (or the wire client) of its own")
                         .arg(fixed)};
    return Done{};
}

Result<std::unique_ptr<XenstoreConnection>> XenstoreConnection::open(const QString &socketPath)
{
    const QString path = socketPath.isEmpty() ? defaultSocketPath() : socketPath;
    if (auto fixed = fixSocketPath(path); !fixed)
        return fixed.error();
    errno = 0;
    xs_handle *handle = xs_open(0);
    if (!handle) {
        const int code = errno != 0 ? errno : ECONNREFUSED;
        const bool absent = code == ENOENT || code == ECONNREFUSED;
        return Error{absent ? ECONNREFUSED : code, path,
                     absent ? QStringLiteral("no xenstored answers at this socket")
                            : QString::fromLocal8Bit(strerror(code))};
    }
    return std::unique_ptr<XenstoreConnection>(new XenstoreConnection(handle, path));
}

XenstoreConnection::XenstoreConnection(xs_handle *handle, QString socketPath)
    : XenstoreOperations(handle, XBT_NULL)
    , m_socketPath(std::move(socketPath))
{}

XenstoreConnection::~XenstoreConnection()
{
    xs_close(m_handle);
}

XenstoreOperations::XenstoreOperations(xs_handle *handle, unsigned int transaction)
    : m_handle(handle)
    , m_transaction(transaction)
{}

Result<QByteArray> XenstoreOperations::read(const QString &path)
{
    unsigned int length = 0;
    errno = 0;
    void *value = xs_read(m_handle, m_transaction, pathBytes(path).constData(), &length);
    if (!value)
        return failure(path, "read");
    QByteArray bytes(static_cast<const char *>(value), qsizetype(length));
    free(value);
    return bytes;
}

Status XenstoreOperations::write(const QString &path, const QByteArray &value)
{
    errno = 0;
    if (!xs_write(m_handle, m_transaction, pathBytes(path).constData(), value.constData(),
                  unsigned(value.size())))
        return failure(path, "write");
    return Done{};
}

Result<QStringList> XenstoreOperations::directory(const QString &path)
{
    unsigned int count = 0;
    errno = 0;
    char **names = xs_directory(m_handle, m_transaction, pathBytes(path).constData(), &count);
    if (!names)
        return failure(path, "directory");
    QStringList list;
    list.reserve(qsizetype(count));
    for (unsigned int i = 0; i < count; ++i)
        list.append(QString::fromUtf8(names[i]));
    free(names);
    return list;
}

Status XenstoreOperations::remove(const QString &path)
{
    errno = 0;
    if (!xs_rm(m_handle, m_transaction, pathBytes(path).constData()))
        return failure(path, "remove");
    return Done{};
}

Status XenstoreOperations::mkdir(const QString &path)
{
    errno = 0;
    if (!xs_mkdir(m_handle, m_transaction, pathBytes(path).constData()))
        return failure(path, "mkdir");
    return Done{};
}

Result<QList<XenstorePermission>> XenstoreConnection::permissions(const QString &path)
{
    unsigned int count = 0;
    errno = 0;
    struct xs_permissions *perms =
        xs_get_permissions(m_handle, XBT_NULL, pathBytes(path).constData(), &count);
    if (!perms)
        return failure(path, "get permissions");
    QList<XenstorePermission> list;
    for (unsigned int i = 0; i < count; ++i) {
        XenstorePermission::Access access = XenstorePermission::None;
        if ((perms[i].perms & XS_PERM_READ) && (perms[i].perms & XS_PERM_WRITE))
            access = XenstorePermission::Both;
        else if (perms[i].perms & XS_PERM_READ)
            access = XenstorePermission::Read;
        else if (perms[i].perms & XS_PERM_WRITE)
            access = XenstorePermission::Write;
        list.append(XenstorePermission{int(perms[i].id), access});
    }
    free(perms);
    return list;
}

Status XenstoreConnection::setPermissions(const QString &path, const QList<XenstorePermission> &permissions)
{
    std::vector<xs_permissions> perms;
    for (const XenstorePermission &permission : permissions) {
        xs_permissions entry{};
        entry.id = unsigned(permission.domid);
        entry.perms = permission.access == XenstorePermission::None    ? XS_PERM_NONE
                      : permission.access == XenstorePermission::Read  ? XS_PERM_READ
                      : permission.access == XenstorePermission::Write ? XS_PERM_WRITE
                                                                       : (XS_PERM_READ | XS_PERM_WRITE);
        perms.push_back(entry);
    }
    errno = 0;
    if (!xs_set_permissions(m_handle, XBT_NULL, pathBytes(path).constData(), perms.data(),
                            unsigned(perms.size())))
        return failure(path, "set permissions");
    return Done{};
}

Status XenstoreConnection::transaction(const std::function<Status(XenstoreTransaction &)> &body,
                                       int maxRetries, int *retries)
{
    for (int attempt = 0; attempt <= maxRetries; ++attempt) {
        if (retries)
            *retries = attempt;
        errno = 0;
        const xs_transaction_t id = xs_transaction_start(m_handle);
        if (id == XBT_NULL)
            return failure({}, "transaction start");
        XenstoreTransaction transaction(m_handle, id);
        const Status result = body(transaction);
        if (!result) {
            xs_transaction_end(m_handle, id, true);
            return result;
        }
        errno = 0;
        if (xs_transaction_end(m_handle, id, false))
            return Done{};
        if (errno != EAGAIN)
            return failure({}, "transaction commit");
        spdlog::debug("xenstore transaction conflict, retry {}", attempt + 1);
    }
    return Error{EAGAIN, {}, QStringLiteral("transaction kept conflicting after %1 retries").arg(maxRetries)};
}

Status XenstoreConnection::watch(const QString &path, const QString &token)
{
    errno = 0;
    if (!xs_watch(m_handle, pathBytes(path).constData(), token.toUtf8().constData()))
        return failure(path, "watch");
    return Done{};
}

Status XenstoreConnection::unwatch(const QString &path, const QString &token)
{
    errno = 0;
    if (!xs_unwatch(m_handle, pathBytes(path).constData(), token.toUtf8().constData()))
        return failure(path, "unwatch");
    // Events of this watch already queued are stale now.
    m_queued.removeIf([&](const WatchEvent &event) { return event.token == token; });
    return Done{};
}

int XenstoreConnection::watchFd() const
{
    return xs_fileno(m_handle);
}

QList<WatchEvent> XenstoreConnection::takeWatchEvents()
{
    QList<WatchEvent> events = std::exchange(m_queued, {});
    while (true) {
        // xs_check_watch returns NULL when nothing is pending, without blocking.
        char **event = xs_check_watch(m_handle);
        if (!event)
            break;
        events.append(
            WatchEvent{QString::fromUtf8(event[XS_WATCH_PATH]), QString::fromUtf8(event[XS_WATCH_TOKEN])});
        free(event);
    }
    return events;
}

Result<WatchEvent> XenstoreConnection::waitWatchEvent(QDeadlineTimer deadline)
{
    while (true) {
        if (!m_queued.isEmpty())
            return m_queued.takeFirst();
        m_queued = takeWatchEvents();
        if (!m_queued.isEmpty())
            continue;
        if (deadline.hasExpired())
            return Error{ETIMEDOUT, {}, QStringLiteral("no watch event before the deadline")};
        pollfd fd{watchFd(), POLLIN, 0};
        const qint64 remaining = deadline.remainingTime();
        const int result = ::poll(&fd, 1, remaining < 0 ? -1 : int(std::min<qint64>(remaining, 1000)));
        if (result < 0 && errno != EINTR)
            return failure({}, "poll");
        if (result > 0 && (fd.revents & (POLLHUP | POLLERR)))
            return Error{ENOTCONN, m_socketPath, QStringLiteral("the connection to xenstored was lost")};
        if (!isAlive())
            return Error{ENOTCONN, m_socketPath, QStringLiteral("the connection to xenstored was lost")};
    }
}

bool XenstoreConnection::isAlive()
{
    // Any answer means xenstored is there, a refusal too: a guest's bridge answers EACCES for "/".
    unsigned int count = 0;
    errno = 0;
    char **names = xs_directory(m_handle, XBT_NULL, "/", &count);
    const int error = errno;
    free(names);
    return names != nullptr || error == EACCES || error == ENOENT;
}

XenstoreTransaction::XenstoreTransaction(xs_handle *handle, unsigned int id)
    : XenstoreOperations(handle, id)
{}

} // namespace clonedeck
