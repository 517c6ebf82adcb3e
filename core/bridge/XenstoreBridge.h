#pragma once

// The per-domain xenstore bridge of clonedeckd (docs/security.md). Every VM gets
// its own endpoint, a unix socket <directory>/<domid>.sock that speaks xenstore's
// wire protocol: sandbox VMs get its path as XENSTORED_PATH, a QEMU VM's
// virtio-serial chardev connects to it. The bridge knows the endpoint's domid and
// forwards to xenstored only what that domain may do (bridge::DomainPolicy,
// bridge::GuestRequestScreen); operators keep xenstored's own socket. Lives on
// the daemon's event loop; every socket is non-blocking and every buffer bounded.
#include "BridgeLimits.h"
#include "BridgeUsage.h"
#include "Error.h"

#include <QList>
#include <QObject>
#include <QString>

#include <map>
#include <memory>
#include <mutex>

namespace clonedeck {

namespace bridge {
class BridgeEndpoint;
}

class XenstoreBridge : public QObject
{
    Q_OBJECT
public:
    XenstoreBridge(QString directory, QString upstreamSocket, bridge::BridgeLimits limits = {},
                   QObject *parent = nullptr);
    ~XenstoreBridge() override;

    // Creates the directory (0711: a VM's user reaches its own socket but lists nothing) and
    // removes endpoints a previous daemon left behind.
    Status initialize();

    // Serves domid's endpoint and returns its path: mode 0600, owned by ownerUid when >= 0 (the
    // VM's user), connectable by that uid and the daemon's. An open endpoint returns its path.
    Result<QString> openEndpoint(int domid, int ownerUid = -1);
    // Reserves domid's endpoint without a socket yet: an idle VM holds no descriptor for it. Its
    // VM's first user opens it with openReserved. Returns the path it will have.
    Result<QString> reserveEndpoint(int domid, int ownerUid = -1);
    // Thread-safe (a sandbox VM's SSH session calls it before each command): binds a reserved
    // endpoint's socket now, on the calling thread, so that it accepts connections when this
    // returns (they wait in its backlog until the bridge's thread serves it, on its next turn).
    // Done at once if it is bound already; ENOENT for a domain with nothing reserved or open.
    Status openReserved(int domid);
    // Closes the endpoint (reserved, bound or served), every connection on it, and removes its
    // socket. Idempotent.
    void closeEndpoint(int domid);
    QString endpointPath(int domid) const;
    bool isOpen(int domid) const { return m_endpoints.count(domid) > 0; } // served
    int connectionCount(int domid) const;
    bridge::BridgeUsage usage(int domid) const; // zeros for a domain without an endpoint
    QList<int> domains() const;

    // For a fork-style clone, called while the master is paused (the QEMU backend, at the
    // snapshot): the clone's endpoint (opened if needed) hands its next channel the master's
    // live state — watches (relative ones resolved for the clone), the requests the guest has
    // no reply to (re-issued for the clone, answered to the clone), the rest of a message it
    // was receiving, a partly sent request — so a guest resumed mid-call completes the call in
    // the clone. EINVAL if the master's endpoint has several connections (a VM has one channel).
    Status forkEndpoint(int masterDomid, int cloneDomid, int ownerUid = -1);

private:
    // On the bridge's thread: serves a socket openReserved bound, unless the domain's endpoint was
    // closed (or opened anew) since.
    void serveBound(int domid, quint64 serial);
    // The socket of a reservation bound but not served yet: closed and removed.
    void discardPending(int domid);

    QString m_directory;
    QString m_upstreamSocket;
    bridge::BridgeLimits m_limits;
    std::map<int, std::unique_ptr<bridge::BridgeEndpoint>> m_endpoints; // served

    // Every endpoint reserved or open, shared with the threads that call openReserved.
    struct Reservation
    {
        int ownerUid = -1;
        quint64 serial = 0; // tells a reservation from a later one of the same domid
        bool bound = false;
        int pendingFd = -1; // bound, not yet served by the bridge's thread
    };
    mutable std::mutex m_reservationsMutex;
    std::map<int, Reservation> m_reservations;
    quint64 m_nextSerial = 1;
};

} // namespace clonedeck
