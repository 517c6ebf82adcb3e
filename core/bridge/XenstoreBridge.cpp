#include "XenstoreBridge.h"

#include "BridgeEndpoint.h"
#include "Log.h"

#include <QDir>
#include <QFile>

#include <sys/stat.h>
#include <unistd.h>

#include <utility>

namespace clonedeck {

XenstoreBridge::XenstoreBridge(QString directory, QString upstreamSocket, bridge::BridgeLimits limits,
                               QObject *parent)
    : QObject(parent)
    , m_directory(std::move(directory))
    , m_upstreamSocket(std::move(upstreamSocket))
    , m_limits(limits)
{}

XenstoreBridge::~XenstoreBridge()
{
    std::lock_guard lock(m_reservationsMutex);
    for (const auto &[domid, reservation] : m_reservations)
        discardPending(domid);
}

void XenstoreBridge::discardPending(int domid)
{
    Reservation &reservation = m_reservations.at(domid);
    if (reservation.pendingFd < 0)
        return;
    ::close(reservation.pendingFd);
    reservation.pendingFd = -1;
    ::unlink(QFile::encodeName(endpointPath(domid)).constData());
}

Status XenstoreBridge::initialize()
{
    const QByteArray path = QFile::encodeName(m_directory);
    if (::mkdir(path.constData(), 0711) != 0 && errno != EEXIST)
        return Error{errno, m_directory, QStringLiteral("cannot create the bridge's directory")};
    struct stat status;
    if (::lstat(path.constData(), &status) != 0 || !S_ISDIR(status.st_mode) || status.st_uid != ::geteuid())
        return Error{EACCES, m_directory,
                     QStringLiteral("the bridge's directory is not a directory of ours")};
    if (::chmod(path.constData(), 0711) != 0)
        return Error{errno, m_directory, QStringLiteral("cannot set the bridge directory's mode")};
    const QStringList stale = QDir(m_directory).entryList({QStringLiteral("*.sock")}, QDir::System);
    for (const QString &name : stale)
        QFile::remove(m_directory + QLatin1Char('/') + name);
    return Done{};
}

QString XenstoreBridge::endpointPath(int domid) const
{
    return m_directory + QLatin1Char('/') + QString::number(domid) + QStringLiteral(".sock");
}

Result<QString> XenstoreBridge::openEndpoint(int domid, int ownerUid)
{
    if (isOpen(domid))
        return endpointPath(domid);
    std::lock_guard lock(m_reservationsMutex);
    // Opened now, it supersedes a reservation and a socket bound for it.
    if (m_reservations.count(domid)) {
        discardPending(domid);
        m_reservations.erase(domid);
    }
    auto endpoint = std::make_unique<bridge::BridgeEndpoint>(domid, endpointPath(domid), m_upstreamSocket,
                                                             ownerUid, m_limits);
    if (auto listening = endpoint->listen(); !listening)
        return listening.error();
    m_endpoints.emplace(domid, std::move(endpoint));
    m_reservations[domid] = Reservation{ownerUid, m_nextSerial++, true};
    spdlog::debug("bridge: endpoint for domain {} at {}", domid, endpointPath(domid));
    return endpointPath(domid);
}

Result<QString> XenstoreBridge::reserveEndpoint(int domid, int ownerUid)
{
    std::lock_guard lock(m_reservationsMutex);
    if (!m_reservations.count(domid))
        m_reservations[domid] = Reservation{ownerUid, m_nextSerial++, false};
    return endpointPath(domid);
}

Status XenstoreBridge::openReserved(int domid)
{
    std::lock_guard lock(m_reservationsMutex);
    const auto it = m_reservations.find(domid);
    if (it == m_reservations.end())
        return Error{ENOENT, endpointPath(domid),
                     QStringLiteral("domain %1 has no xenstore endpoint").arg(domid)};
    if (it->second.bound)
        return Done{};
    auto fd = bridge::BridgeEndpoint::bindListener(endpointPath(domid), it->second.ownerUid);
    if (!fd)
        return fd.error();
    it->second.bound = true;
    it->second.pendingFd = *fd;
    const quint64 serial = it->second.serial;
    QMetaObject::invokeMethod(
        this, [this, domid, serial] { serveBound(domid, serial); }, Qt::QueuedConnection);
    spdlog::debug("bridge: endpoint for domain {} opened on first use", domid);
    return Done{};
}

void XenstoreBridge::serveBound(int domid, quint64 serial)
{
    std::lock_guard lock(m_reservationsMutex);
    const auto it = m_reservations.find(domid);
    if (it == m_reservations.end() || it->second.serial != serial || it->second.pendingFd < 0)
        return; // closed or superseded meanwhile, its socket with it
    const int listenFd = std::exchange(it->second.pendingFd, -1);
    auto endpoint = std::make_unique<bridge::BridgeEndpoint>(domid, endpointPath(domid), m_upstreamSocket,
                                                             it->second.ownerUid, m_limits);
    endpoint->serveListener(listenFd);
    m_endpoints.emplace(domid, std::move(endpoint));
}

void XenstoreBridge::closeEndpoint(int domid)
{
    std::lock_guard lock(m_reservationsMutex);
    if (m_reservations.count(domid)) {
        discardPending(domid);
        m_reservations.erase(domid);
    }
    m_endpoints.erase(domid);
}

int XenstoreBridge::connectionCount(int domid) const
{
    const auto it = m_endpoints.find(domid);
    return it == m_endpoints.end() ? 0 : it->second->connectionCount();
}

bridge::BridgeUsage XenstoreBridge::usage(int domid) const
{
    const auto it = m_endpoints.find(domid);
    return it == m_endpoints.end() ? bridge::BridgeUsage{} : it->second->usage();
}

QList<int> XenstoreBridge::domains() const
{
    QList<int> domids;
    for (const auto &[domid, endpoint] : m_endpoints)
        domids.append(domid);
    return domids;
}

Status XenstoreBridge::forkEndpoint(int masterDomid, int cloneDomid, int ownerUid)
{
    const auto master = m_endpoints.find(masterDomid);
    if (master == m_endpoints.end())
        return Error{ENOENT, endpointPath(masterDomid), QStringLiteral("the master has no endpoint")};
    auto opened = openEndpoint(cloneDomid, ownerUid);
    if (!opened)
        return opened.error();
    auto state = master->second->forkSession(cloneDomid);
    if (!state)
        return state.error();
    m_endpoints.at(cloneDomid)->inherit(std::move(state).value());
    return Done{};
}

} // namespace clonedeck
