#pragma once

// The operator's list of platforms beyond the first: add, edit and remove a connection
// (a name and a URI), each remembered in the preferences and connected at once, and the
// remembered ones connected at start. What it checks before anything changes: the name
// is free, the URI parses and names a transport this build has. The connections
// themselves (state, gateway, mirror) are PlatformConnections'.
#include "ConsoleSettings.h"
#include "Error.h"

#include <QObject>

namespace clonedeck {

class PlatformConnection;
class PlatformConnections;
class SshHostPool;

class ConnectionManager : public QObject
{
    Q_OBJECT
public:
    // sshHosts: the process's SSH connections (one per remote host, shared with its agents' tunnels).
    ConnectionManager(PlatformConnections *connections, ConsoleSettings *settings, SshHostPool *sshHosts,
                      QObject *parent = nullptr);

    // Connects every remembered connection (a bad entry is logged and skipped).
    void connectRemembered();
    // Remembers and connects it; an error (and nothing changed) if the name is taken or the URI bad.
    Result<PlatformConnection *> add(const QString &name, const QString &uri);
    // Replaces the connection `name` by this one (a new connection: its rows reload).
    Result<PlatformConnection *> edit(const QString &name, const QString &newName, const QString &uri);
    // Forgets and disconnects it; the primary cannot be removed.
    Status remove(const QString &name);
    QList<ConsoleSettings::RememberedConnection> remembered() const { return m_settings->connections(); }
    // Connects without remembering it (`clonedeck --connect NAME=URI`: this run only).
    Result<PlatformConnection *> connectTo(const QString &name, const QString &uri);

    // The URI's canonical form if this build can connect there, else why not.
    static Result<QString> checkUri(const QString &uri);

private:
    PlatformConnections *m_connections;
    ConsoleSettings *m_settings;
    SshHostPool *m_sshHosts;
};

} // namespace clonedeck
