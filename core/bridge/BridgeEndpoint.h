#pragma once

// One domain's endpoint on the bridge: a listening unix socket that only the
// VM's own processes (its uid) and the daemon's uid may connect to, at most
// BridgeLimits::connectionsPerDomain connections at a time, each served by a
// BridgeConnection over a new privileged connection to xenstored. A fork's state
// waits here for the clone's channel (the first connection after it).
#include "BridgeLimits.h"
#include "BridgeSession.h"
#include "BridgeUsage.h"
#include "Error.h"

#include <QDeadlineTimer>
#include <QList>
#include <QObject>
#include <QString>

#include <optional>

class QSocketNotifier;
class QTimer;

namespace clonedeck::bridge {

class BridgeConnection;

class BridgeEndpoint : public QObject
{
    Q_OBJECT
public:
    BridgeEndpoint(int domid, QString socketPath, QString upstreamPath, int ownerUid, BridgeLimits limits,
                   QObject *parent = nullptr);
    ~BridgeEndpoint() override; // closes every connection, removes the socket

    // Creates the socket (mode 0600, owned by ownerUid when given) and starts accepting.
    Status listen();
    // The listening socket alone, made on any thread: a socket at socketPath (mode 0600, owned by
    // ownerUid when >= 0) that guests can connect to at once; they wait in its backlog until an
    // endpoint serves it (serveListener).
    static Result<int> bindListener(const QString &socketPath, int ownerUid);
    // Starts accepting on a socket from bindListener, which the endpoint now owns.
    void serveListener(int listenFd);

    int domid() const { return m_domid; }
    QString socketPath() const { return m_socketPath; }
    int connectionCount() const;
    BridgeUsage usage() const;

    // The live state of this VM's channel, for a clone: its one connection's (see
    // BridgeSession::fork), or a fresh state when it has none open.
    Result<BridgeSession> forkSession(int cloneDomid);
    // The clone's channel starts from `session`: the connection already open if it has done
    // nothing yet, else the next one accepted.
    void inherit(BridgeSession session);

private:
    void onAcceptable();
    void serve(int guestFd);
    // Connects waiting guests to xenstored; its listen backlog is 1, so a burst of connections
    // finds it full (EAGAIN) and the rest wait for a retry.
    void connectWaiting();
    void start(int guestFd, int upstreamFd);
    bool peerAllowed(int guestFd) const;
    void refuse(int guestFd, const char *why);

    int m_domid;
    QString m_socketPath;
    QString m_upstreamPath;
    int m_ownerUid;
    BridgeLimits m_limits;
    int m_listenFd = -1;
    QSocketNotifier *m_acceptNotifier = nullptr;
    QTimer *m_acceptBackoff = nullptr;
    QList<BridgeConnection *> m_connections;
    struct WaitingGuest
    {
        int fd;
        QDeadlineTimer deadline;
    };
    QList<WaitingGuest> m_waiting; // accepted, not yet connected to xenstored
    QTimer *m_upstreamRetry = nullptr;
    std::optional<BridgeSession> m_inherited;
    quint64 m_refused = 0;
    quint64 m_droppedByClosed = 0; // events dropped on connections since closed
};

} // namespace clonedeck::bridge
