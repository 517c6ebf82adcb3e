#include "XenstoreBridge.h"

#include "BridgeEndpoint.h"
#include "Log.h"

#include <QDir>
#include <QFile>

#include <sys/stat.h>
#include <unistd.h>

namespace clonedeck {

XenstoreBridge::XenstoreBridge(QString directory, QString upstreamSocket, bridge::BridgeLimits limits,
                               QObject *parent)
    : QObject(parent)
    , m_directory(std::move(directory))
    , m_upstreamSocket(std::move(upstreamSocket))
    , m_limits(limits)
{}

XenstoreBridge::~XenstoreBridge() = default;

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
    auto endpoint = std::make_unique<bridge::BridgeEndpoint>(domid, endpointPath(domid), m_upstreamSocket,
                                                             ownerUid, m_limits);
    if (auto listening = endpoint->listen(); !listening)
        return listening.error();
    m_endpoints.emplace(domid, std::move(endpoint));
    spdlog::debug("bridge: endpoint for domain {} at {}", domid, endpointPath(domid));
    return endpointPath(domid);
}

void XenstoreBridge::closeEndpoint(int domid)
{
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
