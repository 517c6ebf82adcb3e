#pragma once

// The one SSH connection to one host, on that host's thread (SshHost owns both): connects
// on demand (an SshConnection: TCP, handshake, known_hosts, authentication), then carries
// every channel to the host (ChannelBridge) and pumps them when the connection's socket or
// a local socket wakes it. Requests made before the connection is up wait for it; when it
// fails or is lost, each of them and each open channel ends with the reason, and the next
// request connects again (the callers retry with their own backoff: XenstoreClient does).
// While a channel is open, SSH keepalives notice a host that hangs without closing anything.
#include "ChannelBridge.h"
#include "ConnectionUri.h"
#include "Error.h"
#include "SshHostOptions.h"

#include <QObject>
#include <QTimer>

#include <functional>
#include <vector>

namespace clonedeck {

class SshConnection;

class SshHostLink : public QObject
{
    Q_OBJECT
public:
    SshHostLink(ConnectionUri endpoint, SshHostOptions options, QObject *parent = nullptr);
    ~SshHostLink() override;

    // On this object's thread only (SshHost posts them here).
    // Calls done once the connection is up, or why it cannot be.
    void whenConnected(std::function<void(Status)> done);
    // Bridges localFd (ownership taken) to a new channel; opened says when it is open or why not.
    void openChannel(int localFd, const ChannelTarget &target, std::function<void(Status)> opened);
    // Serves listenFd (ownership taken): every connection accepted there gets a channel to target.
    void serve(int listenFd, const ChannelTarget &target);
    void acceptHostKey(const QString &fingerprint) { m_options.acceptHostKey = fingerprint; }

private:
    struct Waiting
    {
        int localFd = -1; // -1: only waiting for the connection
        ChannelTarget target;
        std::function<void(Status)> done;
    };

    void connectNow();
    void dropIfLost();
    void onEstablished();
    void failAll(const Error &error);
    void pumpAll();
    void keepalive();
    QString describe() const;

    ConnectionUri m_endpoint;
    SshHostOptions m_options;
    SshConnection *m_connection = nullptr;
    bool m_established = false;
    QTimer m_deadline;
    QTimer m_keepalive;
    quint64 m_bytesAtKeepalive = 0;
    int m_keepalivesMissed = 0;
    std::vector<Waiting> m_waiting;
    std::vector<ChannelBridge *> m_bridges;
    std::vector<int> m_listeners;
};

} // namespace clonedeck
