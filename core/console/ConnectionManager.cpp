#include "ConnectionManager.h"

#include "Log.h"
#include "PlatformConnection.h"
#include "PlatformConnections.h"
#include "SshHost.h"
#include "SshHostPool.h"
#include "XenstoreTransportFactory.h"

namespace clonedeck {

ConnectionManager::ConnectionManager(PlatformConnections *connections, ConsoleSettings *settings,
                                     SshHostPool *sshHosts, QObject *parent)
    : QObject(parent)
    , m_connections(connections)
    , m_settings(settings)
    , m_sshHosts(sshHosts)
{}

Result<QString> ConnectionManager::checkUri(const QString &uri)
{
    const auto parsed = ConnectionUri::parse(uri.trimmed());
    if (!parsed)
        return Error{
            EINVAL, uri,
            tr("not a connection URI (unix:///path/to/socket or ssh://[user@]host[:port]/path/to/socket): %1")
                .arg(parsed.error().message)};
    return parsed->toString();
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
    const ConnectionUri parsed = *ConnectionUri::parse(*canonical);
    spdlog::info("connection {}: connecting to {}", name, *canonical);
    // A remote host's clones are reached through its SSH connection, the one its xenstore rides.
    (*connection)->setTunnel(m_sshHosts->host(parsed));
    (*connection)->open(makeXenstoreTransport(parsed, *m_sshHosts));
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
