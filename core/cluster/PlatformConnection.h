#pragma once

// One platform the console drives (a host's clonedeckd): its name as the operator gave it,
// its gateway (the one connection) and mirror, and where the connection stands in words an
// operator reads — connecting, connected, or unreachable with the reason and when the next
// attempt comes. The gateway retries on its own with backoff (XenstoreClient: 100 ms doubling
// to 5 s); a lost connection leaves the mirror as it was, and the resync after the next
// connect diffs it against the platform, so no stale row survives the return.
#include "Error.h"
#include "XenstoreTypes.h"

#include <QObject>
#include <QString>

#include <memory>

namespace clonedeck {

class ClusterMirror;
class PlatformGateway;
class TcpTunnel;
class XenstoreTransport;

class PlatformConnection : public QObject
{
    Q_OBJECT
public:
    explicit PlatformConnection(QString name, QObject *parent = nullptr);
    ~PlatformConnection() override;

    // Connects through the transport (again after every loss) and starts the mirror. Once.
    void open(std::unique_ptr<XenstoreTransport> transport);
    bool isOpened() const { return m_opened; }

    QString name() const { return m_name; }
    QString uri() const;
    PlatformGateway *gateway() const { return m_gateway.get(); }
    // How this machine reaches the platform's clones: through the host's SSH connection when it is
    // remote (agents ride it); null when they are reachable from here.
    std::shared_ptr<TcpTunnel> tunnel() const { return m_tunnel; }
    void setTunnel(std::shared_ptr<TcpTunnel> tunnel) { m_tunnel = std::move(tunnel); }
    ClusterMirror *mirror() const { return m_mirror.get(); }

    ConnectionState state() const;
    // Connected and its mirror loaded: what it shows is the platform's state now.
    bool isReachable() const;
    // Why the last attempt failed or the connection was lost; empty while connected.
    QString reason() const { return m_reason; }
    // When the next attempt comes (ms after the last state change); 0 if none is planned.
    int retryInMs() const { return m_retryInMs; }
    // For people: "connected", "connecting…", "unreachable: REASON — retrying in 1.6 s".
    QString stateText() const;

signals:
    void stateChanged();

private:
    void onState(ConnectionState state, int retryInMs);
    void onError(const Error &error);

    QString m_name;
    // The mirror listens to the gateway: made after it, gone before it.
    std::unique_ptr<PlatformGateway> m_gateway;
    std::unique_ptr<ClusterMirror> m_mirror;
    std::shared_ptr<TcpTunnel> m_tunnel;
    QString m_reason;
    int m_retryInMs = 0;
    bool m_opened = false;
    bool m_reachable = false; // connected and loaded since the last state change
};

} // namespace clonedeck
