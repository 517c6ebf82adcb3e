#pragma once

// Moves one guest connection's bytes between its socket, its BridgeSession and
// its own connection to xenstored, on the daemon's event loop: non-blocking
// sockets, each side read only while the session can take more (a guest that
// does not read its replies stops being read; xenstored is always read, so it
// never holds anything for us), a bounded number of reads per wake-up so that
// one busy guest cannot starve the others.
#include "BridgeSession.h"
#include "Error.h"

#include <QObject>

class QSocketNotifier;

namespace clonedeck::bridge {

class BridgeConnection : public QObject
{
    Q_OBJECT
public:
    // Takes both connected, non-blocking sockets.
    BridgeConnection(int guestFd, int upstreamFd, BridgeSession session, QObject *parent = nullptr);
    ~BridgeConnection() override;

    int domid() const { return m_session.domid(); }
    bool isClosed() const { return m_closed; }
    // Nothing received from the guest yet and nothing in flight: a fork's state may replace its session.
    bool isPristine() const { return !m_guestBytesSeen && m_session.requestsInFlight() == 0; }
    void adopt(BridgeSession session);
    // Closes now if the guest has hung up, rather than when the event loop gets to it: a guest
    // that closes a connection and opens another at its cap is not refused for it.
    void closeIfGuestHungUp();
    const BridgeSession &session() const { return m_session; }

    // For a clone, while the guest is paused: takes in what the guest's end already sent, then
    // the clone's session from this one's state (see BridgeSession::fork).
    BridgeSession forkSession(int cloneDomid);

signals:
    void closed();

private:
    void onGuestReadable();
    void onUpstreamReadable();
    // Reads one side into the session, at most `maxReads` times (and from the guest only while the
    // session takes more, unless draining for a fork); false when the side closed or failed.
    bool readFrom(int fd, bool fromGuest, int maxReads, bool draining);
    void flush();
    // Bytes the socket took (0 when full), -1 with errno when it failed.
    static qsizetype sendSome(int fd, const QByteArray &bytes);
    void updateNotifiers();
    void close(const QString &why, bool expected);

    int m_guestFd;
    int m_upstreamFd;
    BridgeSession m_session;
    QSocketNotifier *m_guestRead;
    QSocketNotifier *m_guestWrite;
    QSocketNotifier *m_upstreamRead;
    QSocketNotifier *m_upstreamWrite;
    bool m_guestBytesSeen = false;
    bool m_closed = false;
};

} // namespace clonedeck::bridge
