#include "SshConnection.h"

#include "HostKeyPolicy.h"
#include "Log.h"
#include "TcpTunnel.h"

#include <QRandomGenerator>
#include <QSocketNotifier>

#include <libssh/libssh.h>

#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace clonedeck {

namespace {
// libssh switches the socket back to blocking once connected; a blocking send() of a large
// buffered write could then stall the shared I/O thread, so keep it non-blocking. libssh only
// writes after poll() reported POLLOUT, so a short write is all that can happen.
void keepNonBlocking(int fd)
{
    const int flags = ::fcntl(fd, F_GETFL);
    if (flags >= 0 && !(flags & O_NONBLOCK))
        ::fcntl(fd, F_SETFL, flags | O_NONBLOCK);
}

void enableTcpKeepalive(int fd, int seconds)
{
    if (seconds <= 0)
        return;
    const int on = 1;
    const int count = 3;
    ::setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &on, sizeof on);
    ::setsockopt(fd, IPPROTO_TCP, TCP_KEEPIDLE, &seconds, sizeof seconds);
    ::setsockopt(fd, IPPROTO_TCP, TCP_KEEPINTVL, &seconds, sizeof seconds);
    ::setsockopt(fd, IPPROTO_TCP, TCP_KEEPCNT, &count, sizeof count);
}

// Acknowledges what was read at once, not after Linux's delayed-ACK timer (40-200 ms): stock sshd
// keeps Nagle on without a pty, so its next small packet waited for our ACK (watch -> model over
// SSH: p50 43 ms -> 0.8 ms, bench_ssh_hosts). Not permanent in the kernel: rearm() sets it each time.
void acknowledgeNow(int fd)
{
    const int on = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_QUICKACK, &on, sizeof on);
}
} // namespace

SshConnection::SshConnection(AgentTarget target, AgentLaunchOptions options,
                             std::shared_ptr<HostKeyPolicy> policy, Goal goal, QObject *parent)
    : QObject(parent)
    , m_target(std::move(target))
    , m_options(std::move(options))
    , m_policy(std::move(policy))
    , m_goal(goal)
    , m_socketCounter(std::make_unique<ssh_counter_struct>())
{
    m_retryTimer.setSingleShot(true);
    connect(&m_retryTimer, &QTimer::timeout, this, &SshConnection::attempt);
}

SshConnection::~SshConnection()
{
    close();
}

QString SshConnection::endpoint() const
{
    const QString host = m_target.address.contains(QLatin1Char(':'))
                             ? QStringLiteral("[%1]").arg(m_target.address)
                             : m_target.address;
    const QString at = m_target.user.isEmpty() ? QString() : m_target.user + QLatin1Char('@');
    return QStringLiteral("%1%2:%3").arg(at, host).arg(m_target.port);
}

Error SshConnection::sshError(int code, const QString &what) const
{
    const QString detail = m_session ? QString::fromUtf8(ssh_get_error(m_session)) : QString();
    return Error{code, endpoint(), detail.isEmpty() ? what : what + QStringLiteral(": ") + detail};
}

void SshConnection::start()
{
    m_backoffMs = std::max(1, m_options.initialBackoffMs);
    attempt();
}

Status SshConnection::resolve(sockaddr_storage &address, socklen_t &length) const
{
    // Numeric addresses only (clones always are), except for a remote host's own connection
    // (ssh://name/...): it has a thread of its own and may block on name resolution.
    addrinfo hints{};
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_NUMERICSERV | (m_options.resolveNames ? 0 : AI_NUMERICHOST);
    addrinfo *found = nullptr;
    const int rc = ::getaddrinfo(m_target.address.toLatin1().constData(),
                                 QByteArray::number(m_target.port).constData(), &hints, &found);
    if (rc != 0 || found == nullptr)
        return Error{
            m_options.resolveNames ? EHOSTUNREACH : EINVAL, endpoint(),
            QStringLiteral("cannot resolve \"%1\"%2: %3")
                .arg(m_target.address,
                     m_options.resolveNames ? QString() : QStringLiteral(" (not a numeric IP address)"),
                     QString::fromLocal8Bit(gai_strerror(rc)))};
    std::memcpy(&address, found->ai_addr, found->ai_addrlen);
    length = found->ai_addrlen;
    ::freeaddrinfo(found);
    return Done{};
}

void SshConnection::attempt()
{
    ++m_attempts;
    m_phase = Phase::TcpConnecting;
    emit stateChanged(AgentState::Connecting,
                      QStringLiteral("attempt %1 to %2").arg(m_attempts).arg(endpoint()));

    if (m_options.tunnel) {
        // Already connected (a stream through another host's SSH connection): straight to SSH.
        Result<int> stream = m_options.tunnel->openTcpStream(m_target.address, m_target.port);
        if (!stream)
            return retryOrFail(stream.error());
        m_fd = *stream;
        beginHandshake();
        return;
    }
    sockaddr_storage address{};
    socklen_t length = 0;
    if (Status resolved = resolve(address, length); !resolved) {
        fail(resolved.error());
        return;
    }

    m_fd = ::socket(address.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (m_fd < 0) {
        fail(Error{errno, endpoint(),
                   QStringLiteral("socket(): %1").arg(QString::fromLocal8Bit(strerror(errno)))});
        return;
    }
    const int on = 1;
    ::setsockopt(m_fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
    enableTcpKeepalive(m_fd, m_options.keepaliveSeconds);

    if (::connect(m_fd, reinterpret_cast<sockaddr *>(&address), length) == 0) {
        onTcpConnectDone();
        return;
    }
    if (errno != EINPROGRESS) {
        const int code = errno;
        retryOrFail(Error{code, endpoint(), QString::fromLocal8Bit(strerror(code))});
        return;
    }
    watchSocket(m_fd);
    m_readNotifier->setEnabled(false);
    m_writeNotifier->setEnabled(true);
}

void SshConnection::onTcpConnectDone()
{
    int error = 0;
    socklen_t length = sizeof error;
    if (::getsockopt(m_fd, SOL_SOCKET, SO_ERROR, &error, &length) < 0)
        error = errno;
    if (error != 0) {
        retryOrFail(Error{error, endpoint(), QString::fromLocal8Bit(strerror(error))});
        return;
    }
    beginHandshake();
}

void SshConnection::retryOrFail(const Error &error)
{
    m_lastError = error;
    dropNotifiers();
    discardSession();
    const bool retriesLeft = m_options.connectRetries < 0 || m_attempts <= m_options.connectRetries;
    if (!retriesLeft) {
        fail(Error{error.code, error.path,
                   QStringLiteral("giving up after %1 attempts: %2").arg(m_attempts).arg(error.message)});
        return;
    }
    // Jitter keeps many sessions waiting for the same sshd from knocking in lockstep.
    const int jitter = int(QRandomGenerator::global()->bounded(m_backoffMs / 5 + 1));
    const int delay = m_backoffMs + jitter;
    m_backoffMs = std::min(m_backoffMs * 2, std::max(1, m_options.maxBackoffMs));
    m_phase = Phase::Idle;
    emit stateChanged(AgentState::Connecting,
                      QStringLiteral("%1; retrying in %2 ms").arg(error.message).arg(delay));
    m_retryTimer.start(delay);
}

void SshConnection::beginHandshake()
{
    m_phase = Phase::Handshaking;
    emit stateChanged(AgentState::Handshaking, endpoint());

    m_session = ssh_new();
    if (m_session == nullptr) {
        fail(Error{ENOMEM, endpoint(), QStringLiteral("ssh_new() failed")});
        return;
    }
    ssh_set_blocking(m_session, 0);
    ssh_set_counters(m_session, m_socketCounter.get(), nullptr);
    // Host, user and port first: ssh_config only fills what is still unset, and its Host
    // blocks match on the host given here.
    ssh_options_set(m_session, SSH_OPTIONS_HOST, m_target.address.toLatin1().constData());
    if (!m_target.user.isEmpty())
        ssh_options_set(m_session, SSH_OPTIONS_USER, m_target.user.toUtf8().constData());
    const unsigned int port = m_target.port;
    ssh_options_set(m_session, SSH_OPTIONS_PORT, &port);
    if (m_options.useSshConfig) {
        const QByteArray file = m_options.sshConfigFile.toLocal8Bit();
        if (ssh_options_parse_config(m_session, file.isEmpty() ? nullptr : file.constData()) != 0)
            spdlog::warn("ssh: cannot parse ssh config for {}: {}", endpoint(), ssh_get_error(m_session));
    } else {
        const bool process = false;
        ssh_options_set(m_session, SSH_OPTIONS_PROCESS_CONFIG, &process);
    }
    if (!m_options.agentSocket.isEmpty())
        ssh_options_set(m_session, SSH_OPTIONS_IDENTITY_AGENT,
                        m_options.agentSocket.toLocal8Bit().constData());
    m_handedOver.remember(m_fd); // libssh uses it from here, and may or may not close it
    ssh_options_set(m_session, SSH_OPTIONS_FD, &m_fd);
    stepHandshake();
}

void SshConnection::stepHandshake()
{
    const int rc = ssh_connect(m_session);
    if (rc == SSH_AGAIN) {
        rearm();
        return;
    }
    if (rc != SSH_OK) {
        retryOrFail(sshError(ECONNRESET, QStringLiteral("SSH handshake failed")));
        return;
    }
    keepNonBlocking(m_fd);

    Result<HostKey> key = HostKey::fromServer(m_session);
    if (!key.ok()) {
        fail(Error{EKEYREJECTED, endpoint(), key.error().message});
        return;
    }
    Status trusted = m_policy->verify(m_target, key.value(), m_session);
    if (!trusted.ok()) {
        spdlog::warn("ssh: {}", trusted.error().message);
        fail(trusted.error());
        return;
    }
    emit hostKeyVerified(key.value(), m_policy->isInsecure());
    if (m_goal == Goal::HostKeyVerified) {
        m_phase = Phase::Established;
        emit established();
        return;
    }
    beginAuthentication();
}

void SshConnection::beginAuthentication()
{
    m_phase = Phase::Authenticating;
    m_authSteps.clear();
    const bool agentAvailable =
        !m_options.agentSocket.isEmpty() || !qEnvironmentVariableIsEmpty("SSH_AUTH_SOCK");
    if (m_options.useSshAgent && agentAvailable)
        m_authSteps.append(AuthStep::Agent);
    m_authFiles = identityFilesFor(m_options);
    for (int i = 0; i < m_authFiles.size(); ++i)
        m_authSteps.append(AuthStep::IdentityFile);
    // Without explicit files, libssh's own list: ssh_config IdentityFile entries and ~/.ssh/id_*.
    if (m_authFiles.isEmpty())
        m_authSteps.append(AuthStep::Automatic);
    emit stateChanged(AgentState::Authenticating, endpoint());
    stepAuthentication();
}

void SshConnection::stepAuthentication()
{
    while (!m_authSteps.isEmpty()) {
        const AuthStep step = m_authSteps.constFirst();
        QString label;
        int rc = SSH_AUTH_DENIED;
        switch (step) {
        case AuthStep::Agent:
            label = QStringLiteral("ssh-agent");
            rc = ssh_userauth_agent(m_session, nullptr);
            break;
        case AuthStep::IdentityFile:
            label = m_authFiles.constFirst();
            if (m_privateKey == nullptr &&
                ssh_pki_import_privkey_file(label.toLocal8Bit().constData(), nullptr, nullptr, nullptr,
                                            &m_privateKey) != SSH_OK) {
                m_privateKey = nullptr;
                m_authTried.append(label + QStringLiteral(" (unreadable or passphrase-protected)"));
                m_authFiles.removeFirst();
                m_authSteps.removeFirst();
                continue;
            }
            rc = ssh_userauth_publickey(m_session, nullptr, m_privateKey);
            break;
        case AuthStep::Automatic:
            label = QStringLiteral("default identities");
            rc = ssh_userauth_publickey_auto(m_session, nullptr, nullptr);
            break;
        }
        if (rc == SSH_AUTH_AGAIN) {
            rearm();
            return;
        }
        if (step == AuthStep::IdentityFile) {
            ssh_key_free(m_privateKey);
            m_privateKey = nullptr;
            m_authFiles.removeFirst();
        }
        m_authSteps.removeFirst();
        if (rc == SSH_AUTH_SUCCESS) {
            m_phase = Phase::Established;
            keepNonBlocking(m_fd);
            rearm();
            emit established();
            return;
        }
        if (rc == SSH_AUTH_ERROR && !ssh_is_connected(m_session)) {
            fail(sshError(ECONNRESET, QStringLiteral("connection lost during authentication")));
            return;
        }
        m_authTried.append(label);
    }
    fail(Error{
        EACCES, endpoint(),
        QStringLiteral("authentication refused (tried: %1)").arg(m_authTried.join(QStringLiteral(", ")))});
}

void SshConnection::onSocketEvent()
{
    switch (m_phase) {
    case Phase::TcpConnecting:
        onTcpConnectDone();
        break;
    case Phase::Handshaking:
        stepHandshake();
        break;
    case Phase::Authenticating:
        stepAuthentication();
        break;
    case Phase::Established:
        emit activity();
        break;
    case Phase::Idle:
    case Phase::Closed:
        break;
    }
}

void SshConnection::watchSocket(int fd)
{
    dropNotifiers();
    m_readNotifier = new QSocketNotifier(fd, QSocketNotifier::Read, this);
    m_writeNotifier = new QSocketNotifier(fd, QSocketNotifier::Write, this);
    connect(m_readNotifier, &QSocketNotifier::activated, this, &SshConnection::onSocketEvent);
    connect(m_writeNotifier, &QSocketNotifier::activated, this, &SshConnection::onSocketEvent);
}

void SshConnection::rearm()
{
    if (m_session == nullptr || m_fd < 0)
        return;
    if (ssh_get_fd(m_session) != m_fd) {
        // libssh closed the socket after an error: never leave a notifier on a dead descriptor.
        dropNotifiers();
        return;
    }
    keepNonBlocking(m_fd);
    if (m_phase == Phase::Established && m_options.tunnel == nullptr) // TCP, not a tunnel's socketpair
        acknowledgeNow(m_fd);
    if (m_readNotifier == nullptr)
        watchSocket(m_fd);
    const int flags = ssh_get_poll_flags(m_session);
    const bool reading = m_phase != Phase::Established || (!m_readPaused && (flags & SSH_READ_PENDING) != 0);
    m_readNotifier->setEnabled(reading);
    m_writeNotifier->setEnabled((flags & SSH_WRITE_PENDING) != 0);
}

quint64 SshConnection::bytesRead() const
{
    return m_socketCounter->in_bytes;
}

void SshConnection::setReadPaused(bool paused)
{
    m_readPaused = paused;
    rearm();
}

void SshConnection::dropNotifiers()
{
    // deleteLater: this may run inside the notifier's own activated() emission.
    for (QSocketNotifier *notifier : {m_readNotifier, m_writeNotifier}) {
        if (notifier != nullptr) {
            notifier->setEnabled(false);
            notifier->deleteLater();
        }
    }
    m_readNotifier = nullptr;
    m_writeNotifier = nullptr;
}

void SshConnection::discardSession()
{
    ssh_key_free(m_privateKey);
    m_privateKey = nullptr;
    if (m_session != nullptr) {
        ssh_disconnect(m_session);
        ssh_free(m_session);
        m_session = nullptr;
        m_handedOver.closeIfStillOpen();
    } else if (m_fd >= 0) {
        ::close(m_fd);
    }
    m_fd = -1;
}

void SshConnection::fail(const Error &error)
{
    m_retryTimer.stop();
    m_phase = Phase::Closed;
    dropNotifiers();
    discardSession();
    emit failed(error);
}

void SshConnection::close()
{
    m_retryTimer.stop();
    m_phase = Phase::Closed;
    dropNotifiers();
    discardSession();
}

} // namespace clonedeck
