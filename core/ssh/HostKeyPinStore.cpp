#include "HostKeyPinStore.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFileInfo>
#include <QThread>
#include <QUrl>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

namespace clonedeck {

namespace {
// Cluster names and IPv6 addresses may hold '/' or ':', which QSettings treats as structure.
QString encode(const QString &part)
{
    return QString::fromLatin1(QUrl::toPercentEncoding(part));
}

// An exclusive flock on a file beside the pins. Not QSettings' own "<file>.lock" (a QLockFile
// it takes inside sync(), which we call while holding this one).
class PinFileLock
{
public:
    explicit PinFileLock(const QString &pinFile)
        : m_path(pinFile + QStringLiteral(".lock-pins"))
    {}
    ~PinFileLock()
    {
        if (m_fd >= 0)
            ::close(m_fd); // releases the lock
    }
    PinFileLock(const PinFileLock &) = delete;
    PinFileLock &operator=(const PinFileLock &) = delete;

    // Holders keep it for one small file write; a holder that is stopped (SIGSTOP) or hung
    // must not hang the SSH I/O thread, hence the deadline.
    Status acquire(int timeoutMs = 5000)
    {
        QDir().mkpath(QFileInfo(m_path).absolutePath()); // QSettings would create it on its first write
        const QByteArray path = m_path.toLocal8Bit();
        m_fd = ::open(path.constData(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
        if (m_fd < 0)
            return Error{errno, m_path,
                         QStringLiteral("cannot open the pin store's lock file: %1")
                             .arg(QString::fromLocal8Bit(std::strerror(errno)))};
        QDeadlineTimer deadline(timeoutMs);
        int backoffMs = 1;
        while (::flock(m_fd, LOCK_EX | LOCK_NB) != 0) {
            if (errno != EWOULDBLOCK && errno != EINTR)
                return Error{errno, m_path, QString::fromLocal8Bit(std::strerror(errno))};
            if (deadline.hasExpired())
                return Error{EWOULDBLOCK, m_path,
                             QStringLiteral("another process holds the host-key pin store's lock")};
            QThread::msleep(backoffMs);
            backoffMs = std::min(backoffMs * 2, 50);
        }
        return Done{};
    }

private:
    QString m_path;
    int m_fd = -1;
};
} // namespace

HostKeyPinStore::HostKeyPinStore(const QString &settingsPath)
    : m_settings(settingsPath, QSettings::IniFormat)
{}

QString HostKeyPinStore::path() const
{
    return m_settings.fileName();
}

QString HostKeyPinStore::lineageKey(const QString &cluster, int masterDomid)
{
    return QStringLiteral("lineage/%1/%2").arg(encode(cluster)).arg(masterDomid);
}

QString HostKeyPinStore::addressKey(const QString &cluster, const QString &address)
{
    return QStringLiteral("address/%1/%2").arg(encode(cluster), encode(address));
}

std::optional<HostKey> HostKeyPinStore::readLocked(const QString &key) const
{
    m_settings.sync(); // another process (clonectl, the console) may have pinned meanwhile
    const QString text = m_settings.value(key).toString();
    if (text.isEmpty())
        return std::nullopt;
    Result<HostKey> parsed = HostKey::parse(text);
    if (!parsed.ok())
        return std::nullopt;
    return parsed.value();
}

Status HostKeyPinStore::syncLocked()
{
    m_settings.sync();
    if (m_settings.status() != QSettings::NoError)
        return Error{EIO, m_settings.fileName(), QStringLiteral("cannot write the host key pin store")};
    return Done{};
}

template<typename T, typename Change>
Result<T> HostKeyPinStore::underFileLock(Change change)
{
    PinFileLock lock(m_settings.fileName());
    if (Status locked = lock.acquire(); !locked.ok())
        return locked.error();
    return change();
}

Result<HostKey> HostKeyPinStore::pinIfAbsentLocked(const QString &key, const HostKey &value)
{
    // Read, decide and write under the file lock: no other process can pin in between.
    return underFileLock<HostKey>([&]() -> Result<HostKey> { return pinIfAbsentUnlocked(key, value); });
}

Result<HostKey> HostKeyPinStore::pinIfAbsentUnlocked(const QString &key, const HostKey &value)
{
    if (std::optional<HostKey> existing = readLocked(key))
        return *existing;
    m_settings.setValue(key, value.toString());
    Status synced = syncLocked();
    if (!synced.ok())
        return synced.error();
    return value;
}

std::optional<HostKey> HostKeyPinStore::lineagePin(const QString &cluster, int masterDomid) const
{
    QMutexLocker lock(&m_mutex);
    return readLocked(lineageKey(cluster, masterDomid));
}

Result<HostKey> HostKeyPinStore::pinLineageIfAbsent(const QString &cluster, int masterDomid,
                                                    const HostKey &key)
{
    QMutexLocker lock(&m_mutex);
    return pinIfAbsentLocked(lineageKey(cluster, masterDomid), key);
}

Status HostKeyPinStore::setLineagePin(const QString &cluster, int masterDomid, const HostKey &key)
{
    QMutexLocker lock(&m_mutex);
    return underFileLock<Done>([&] {
        m_settings.setValue(lineageKey(cluster, masterDomid), key.toString());
        return syncLocked();
    });
}

Status HostKeyPinStore::forgetLineage(const QString &cluster, int masterDomid)
{
    QMutexLocker lock(&m_mutex);
    return underFileLock<Done>([&] {
        m_settings.remove(lineageKey(cluster, masterDomid));
        return syncLocked();
    });
}

std::optional<HostKey> HostKeyPinStore::addressPin(const QString &cluster, const QString &address) const
{
    QMutexLocker lock(&m_mutex);
    return readLocked(addressKey(cluster, address));
}

Result<HostKey> HostKeyPinStore::pinAddressIfAbsent(const QString &cluster, const QString &address,
                                                    const HostKey &key)
{
    QMutexLocker lock(&m_mutex);
    return pinIfAbsentLocked(addressKey(cluster, address), key);
}

Status HostKeyPinStore::forgetAddress(const QString &cluster, const QString &address)
{
    QMutexLocker lock(&m_mutex);
    return underFileLock<Done>([&] {
        m_settings.remove(addressKey(cluster, address));
        return syncLocked();
    });
}

} // namespace clonedeck
