#include "HostKeyPinStore.h"

#include <QUrl>

#include <cerrno>

namespace clonedeck {

namespace {
// Cluster names and IPv6 addresses may hold '/' or ':', which QSettings treats as structure.
QString encode(const QString &part)
{
    return QString::fromLatin1(QUrl::toPercentEncoding(part));
}
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

Result<HostKey> HostKeyPinStore::pinIfAbsentLocked(const QString &key, const HostKey &value)
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
    m_settings.setValue(lineageKey(cluster, masterDomid), key.toString());
    return syncLocked();
}

Status HostKeyPinStore::forgetLineage(const QString &cluster, int masterDomid)
{
    QMutexLocker lock(&m_mutex);
    m_settings.remove(lineageKey(cluster, masterDomid));
    return syncLocked();
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
    m_settings.remove(addressKey(cluster, address));
    return syncLocked();
}

} // namespace clonedeck
