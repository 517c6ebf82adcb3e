#include "PlatformConnections.h"

#include "Log.h"
#include "PlatformConnection.h"

namespace clonedeck {

PlatformConnections::PlatformConnections(QObject *parent)
    : QObject(parent)
{}

PlatformConnections::~PlatformConnections()
{
    // Newest first: the primary, which everything made at start-up holds, goes last.
    while (!m_connections.isEmpty())
        delete m_connections.takeLast();
}

Result<PlatformConnection *> PlatformConnections::add(const QString &name)
{
    if (name.trimmed().isEmpty())
        return Error{EINVAL, {}, tr("a connection needs a name")};
    if (find(name) != nullptr)
        return Error{EEXIST, name, tr("a connection of this name exists already")};
    auto *connection = new PlatformConnection(name, this);
    connect(connection, &PlatformConnection::stateChanged, this,
            [this, connection] { emit stateChanged(connection); });
    m_connections.append(connection);
    emit added(connection);
    return connection;
}

Status PlatformConnections::remove(const QString &name)
{
    PlatformConnection *connection = find(name);
    if (connection == nullptr)
        return Error{ENOENT, name, tr("no such connection")};
    if (connection == primary())
        return Error{EPERM, name, tr("the console's first connection stays while it runs")};
    spdlog::info("connection {} ({}) removed", name, connection->uri());
    emit removing(connection);
    m_connections.removeOne(connection);
    connection->deleteLater(); // a listener may be inside one of its signals
    return Done{};
}

void PlatformConnections::follow(QObject *context, const std::function<void(PlatformConnection *)> &added,
                                 const std::function<void(PlatformConnection *)> &removing)
{
    for (PlatformConnection *connection : std::as_const(m_connections))
        added(connection);
    connect(this, &PlatformConnections::added, context, added);
    connect(this, &PlatformConnections::removing, context, removing);
}

PlatformConnection *PlatformConnections::find(const QString &name) const
{
    if (name.isEmpty())
        return primary();
    for (PlatformConnection *connection : m_connections) {
        if (connection->name() == name)
            return connection;
    }
    return nullptr;
}

} // namespace clonedeck
