#pragma once

// Every platform the console drives, by name, in the order they were added: the first is
// the primary (the one the console was started on; clonectl's single platform). Adding
// makes a PlatformConnection (its own gateway and mirror), removing tells the listeners
// first (views drop its rows, policies its workers) and then lets it go. Losing or
// removing one never touches the others: each has its own connection and worker thread.
#include "Error.h"

#include <QList>
#include <QObject>

#include <functional>

namespace clonedeck {

class PlatformConnection;

class PlatformConnections : public QObject
{
    Q_OBJECT
public:
    explicit PlatformConnections(QObject *parent = nullptr);
    ~PlatformConnections() override;

    // A new connection by this name (not opened yet); EEXIST if the name is taken, EINVAL if empty.
    Result<PlatformConnection *> add(const QString &name);
    // EPERM for the primary (everything made at start-up holds it); ENOENT if unknown.
    Status remove(const QString &name);
    // By name; an empty name is the primary. nullptr if unknown.
    PlatformConnection *find(const QString &name) const;
    PlatformConnection *primary() const { return m_connections.value(0); }
    const QList<PlatformConnection *> &all() const { return m_connections; }
    // Calls `added` for every connection there is and every one added later, `removing` before
    // each goes, for as long as `context` lives: how a view or a policy follows every host.
    void follow(QObject *context, const std::function<void(PlatformConnection *)> &added,
                const std::function<void(PlatformConnection *)> &removing);

signals:
    void added(clonedeck::PlatformConnection *connection);
    // Still whole while the listeners run; deleted afterwards.
    void removing(clonedeck::PlatformConnection *connection);
    // Any connection's state changed (connecting, connected, unreachable, retrying).
    void stateChanged(clonedeck::PlatformConnection *connection);

private:
    QList<PlatformConnection *> m_connections; // owned (children)
};

} // namespace clonedeck
