#pragma once

// One client connection on the SSH I/O thread, driven without blocking: a non-blocking TCP
// connect (retried with exponential backoff while the peer's sshd is not up yet), the libssh
// handshake, the host-key decision of a HostKeyPolicy, then public-key authentication
// (ssh-agent first, then identity files). QSocketNotifiers on the socket wake it; no thread
// and no busy loop per connection. Once established it reports socket activity to its owner,
// which drives its channels through session().
#include "AgentTypes.h"
#include "Error.h"
#include "HandedOverSocket.h"
#include "HostKey.h"

#include <QObject>
#include <QTimer>

#include <memory>

class QSocketNotifier;
struct sockaddr_storage;
struct ssh_session_struct;
struct ssh_key_struct;
struct ssh_counter_struct;

namespace clonedeck {

class SshConnection : public QObject
{
    Q_OBJECT

public:
    enum class Goal
    {
        Authenticated,  // for running commands
        HostKeyVerified // a reachability probe: stop once the host key is accepted
    };

    SshConnection(AgentTarget target, AgentLaunchOptions options, std::shared_ptr<HostKeyPolicy> policy,
                  Goal goal, QObject *parent = nullptr);
    ~SshConnection() override;

    void start();
    // Sends a disconnect and closes the socket; no signal follows.
    void close();

    ssh_session_struct *session() const { return m_session; }
    bool isEstablished() const { return m_phase == Phase::Established; }
    // After queueing outgoing data, so the write notifier follows libssh's needs.
    void rearm();
    // Established only: while paused nothing is read from the socket (no read wake-ups), so
    // TCP and the SSH window hold the peer back; writing goes on.
    void setReadPaused(bool paused);
    // Bytes read from the socket so far: libssh reads 4 KiB per socket event, so a poll that
    // completed no packet still made progress when this grew.
    quint64 bytesRead() const;
    int attempts() const { return m_attempts; }
    Error lastError() const { return m_lastError; }

signals:
    void stateChanged(clonedeck::AgentState state, const QString &detail);
    void hostKeyVerified(const clonedeck::HostKey &key, bool insecure);
    void established();
    void failed(const clonedeck::Error &error);
    // Established only: the socket is readable or writable (or libssh asked to be called again).
    void activity();

private:
    enum class Phase
    {
        Idle,
        TcpConnecting,
        Handshaking,
        Authenticating,
        Established,
        Closed
    };
    enum class AuthStep
    {
        Agent,
        IdentityFile,
        Automatic
    };

    void attempt();
    Status resolve(sockaddr_storage &address, unsigned int &length) const;
    void onTcpConnectDone();
    void retryOrFail(const Error &error);
    void beginHandshake();
    void stepHandshake();
    void beginAuthentication();
    void stepAuthentication();
    void onSocketEvent();
    void watchSocket(int fd);
    void dropNotifiers();
    void discardSession();
    void fail(const Error &error);
    QString endpoint() const;
    Error sshError(int code, const QString &what) const;

    AgentTarget m_target;
    AgentLaunchOptions m_options;
    std::shared_ptr<HostKeyPolicy> m_policy;
    Goal m_goal;
    Phase m_phase = Phase::Idle;
    bool m_readPaused = false;

    int m_fd = -1;
    HandedOverSocket m_handedOver;
    ssh_session_struct *m_session = nullptr;
    QSocketNotifier *m_readNotifier = nullptr;
    QSocketNotifier *m_writeNotifier = nullptr;
    QTimer m_retryTimer;
    int m_attempts = 0;
    int m_backoffMs = 0;
    Error m_lastError;

    QList<AuthStep> m_authSteps;
    QStringList m_authFiles;
    QStringList m_authTried;
    ssh_key_struct *m_privateKey = nullptr;
    std::unique_ptr<ssh_counter_struct> m_socketCounter;
};

} // namespace clonedeck
