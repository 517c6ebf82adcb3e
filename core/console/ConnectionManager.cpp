#include "ConnectionManager.h"

#include "Log.h"
#include "PlatformConnection.h"
#include "PlatformConnections.h"
#include "UnixSocketTransport.h"

#include <QDir>

namespace clonedeck {

namespace {
const QString kUnixScheme = QStringLiteral("unix://");

// The socket path of a unix:// URI (or of a bare absolute path), else why not.
Result<QString> unixSocketOf(const QString &uri)
{
    const QString path = uri.startsWith(kUnixScheme) ? uri.mid(kUnixScheme.size()) : uri;
    if (!QDir::isAbsolutePath(path))
        return Error{EINVAL, uri,
                     ConnectionManager::tr("not a connection URI: unix:///path/to/socket or "
                                           "ssh://[user@]host[:port]/path/to/socket")};
    return QDir::cleanPath(path);
}

std::unique_ptr<XenstoreTransport> transportFor(const QString &uri)
{
    const auto path = unixSocketOf(uri);
    return path ? std::make_unique<UnixSocketTransport>(*path) : nullptr;
}
} // namespace

ConnectionManager::ConnectionManager(PlatformConnections *connections, ConsoleSettings *settings,
                                     QObject *parent)
    : QObject(parent)
    , m_connections(connections)
    , m_settings(settings)
{}

Result<QString> ConnectionManager::checkUri(const QString &uri)
{
    const auto path = unixSocketOf(uri.trimmed());
    if (!path)
        return path.error();
    return kUnixScheme + *path;
}

void ConnectionManager::connectRemembered()
{
    for (const auto &remembered : m_settings->connections()) {
        if (auto connected = connectTo(remembered.name, remembered.uri); !connected)
            spdlog::error("connection {} not made: {}", remembered.name, connected.error().toString());
    }
}

Result<PlatformConnection *> ConnectionManager::connectTo(const QString &name, const QString &uri)
{
    const auto canonical = checkUri(uri);
    if (!canonical)
        return canonical.error();
    auto connection = m_connections->add(name);
    if (!connection)
        return connection.error();
    spdlog::info("connection {}: connecting to {}", name, *canonical);
    (*connection)->open(transportFor(*canonical));
    return connection;
}

Result<PlatformConnection *> ConnectionManager::add(const QString &name, const QString &uri)
{
    auto connection = connectTo(name.trimmed(), uri);
    if (!connection)
        return connection;
    auto remembered = m_settings->connections();
    remembered.append({(*connection)->name(), *checkUri(uri)});
    m_settings->setConnections(remembered);
    return connection;
}

Result<PlatformConnection *> ConnectionManager::edit(const QString &name, const QString &newName,
                                                     const QString &uri)
{
    if (const auto canonical = checkUri(uri); !canonical)
        return canonical.error(); // nothing changes for a bad URI
    if (newName.trimmed() != name && m_connections->find(newName.trimmed()) != nullptr)
        return Error{EEXIST, newName, tr("a connection of this name exists already")};
    if (auto removed = remove(name); !removed)
        return removed.error();
    return add(newName, uri);
}

Status ConnectionManager::remove(const QString &name)
{
    if (auto removed = m_connections->remove(name); !removed)
        return removed;
    auto remembered = m_settings->connections();
    remembered.removeIf([&name](const ConsoleSettings::RememberedConnection &c) { return c.name == name; });
    m_settings->setConnections(remembered);
    return Done{};
}

} // namespace clonedeck
