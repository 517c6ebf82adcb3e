#include "SshHostLink.h"

#include "KnownHostsHostKeyPolicy.h"
#include "Log.h"
#include "SshConnection.h"

#include <QSocketNotifier>

#include <libssh/libssh.h>
#include <libssh/server.h> // ssh_send_keepalive() is declared there but works for clients

#include <sys/socket.h>
#include <unistd.h>

namespace clonedeck {

namespace {
// Rounds of pumping per wake-up: channels share one socket, and reading for one may queue
// data for another, so pumping goes on until a round moves nothing (bounded, so that one
// busy channel cannot keep the thread from its other events).
constexpr int kMaxPumpRounds = 64;
} // namespace

SshHostLink::SshHostLink(ConnectionUri endpoint, SshHostOptions options, QObject *parent)
    : QObject(parent)
    , m_endpoint(std::move(endpoint))
    , m_options(std::move(options))
    , m_deadline(this) // a child: it moves to the host's thread with this object
    , m_keepalive(this)
{
    connect(&m_keepalive, &QTimer::timeout, this, &SshHostLink::keepalive);
    m_deadline.setSingleShot(true);
    connect(&m_deadline, &QTimer::timeout, this, [this] {
        failAll(Error{ETIMEDOUT, describe(),
                      QStringLiteral("no SSH connection within %1 ms").arg(m_options.connectTimeoutMs)});
    });
}

SshHostLink::~SshHostLink()
{
    failAll(Error{ECANCELED, describe(), QStringLiteral("the host connection was closed")});
    for (int fd : m_listeners)
        ::close(fd);
}

void SshHostLink::serve(int listenFd, const ChannelTarget &target)
{
    m_listeners.push_back(listenFd);
    auto *notifier = new QSocketNotifier(listenFd, QSocketNotifier::Read, this);
    connect(notifier, &QSocketNotifier::activated, this, [this, listenFd, target] {
        int fd = -1;
        while ((fd = ::accept4(listenFd, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC)) >= 0)
            openChannel(fd, target, [](const Status &) {}); // a failure ends the accepted stream
    });
}

QString SshHostLink::describe() const
{
    return m_endpoint.displayName();
}

void SshHostLink::whenConnected(std::function<void(Status)> done)
{
    dropIfLost();
    if (m_established) {
        done(Done{});
        return;
    }
    m_waiting.push_back(Waiting{-1, {}, std::move(done)});
    connectNow();
}

void SshHostLink::dropIfLost()
{
    // A connection that died while no channel was open is noticed here (nothing was reading it).
    if (m_established && !ssh_is_connected(m_connection->session()))
        failAll(Error{ECONNRESET, describe(), QStringLiteral("the SSH connection was lost")});
}

void SshHostLink::openChannel(int localFd, const ChannelTarget &target, std::function<void(Status)> opened)
{
    dropIfLost();
    if (!m_established) {
        m_waiting.push_back(Waiting{localFd, target, std::move(opened)});
        connectNow();
        return;
    }
    if (target.unixPath.isEmpty()) { // a clone's sshd: say so once it is open (launch logs show the route)
        opened = [done = std::move(opened), where = target.toString(), via = describe()](Status status) {
            if (status.ok())
                spdlog::info("ssh: tunnel to {} via {} open", where, via);
            done(std::move(status));
        };
    }
    auto *bridge = new ChannelBridge(m_connection->session(), localFd, target, std::move(opened), this);
    connect(bridge, &ChannelBridge::localActivity, this, &SshHostLink::pumpAll);
    m_bridges.push_back(bridge);
    pumpAll();
}

void SshHostLink::connectNow()
{
    if (m_connection != nullptr)
        return; // under way
    AgentTarget target;
    target.address = m_endpoint.host;
    target.port = m_endpoint.port;
    target.user = m_endpoint.user;
    AgentLaunchOptions options;
    options.identityFiles = m_options.identityFiles;
    options.useSshAgent = m_options.useSshAgent;
    options.useSshConfig = m_options.useSshConfig;
    options.keepaliveSeconds = m_options.keepaliveSeconds;
    options.connectRetries = 0; // a refused host is an answer; the caller decides when to ask again
    options.resolveNames = true;
    auto policy =
        std::make_shared<KnownHostsHostKeyPolicy>(m_options.knownHostsFile, false, m_options.acceptHostKey);
    m_connection = new SshConnection(target, options, policy, SshConnection::Goal::Authenticated, this);
    connect(m_connection, &SshConnection::established, this, &SshHostLink::onEstablished);
    connect(m_connection, &SshConnection::failed, this, &SshHostLink::failAll);
    connect(m_connection, &SshConnection::activity, this, &SshHostLink::pumpAll);
    m_deadline.start(m_options.connectTimeoutMs);
    spdlog::info("ssh: connecting to {}", describe());
    m_connection->start();
}

void SshHostLink::onEstablished()
{
    m_deadline.stop();
    m_established = true;
    m_options.acceptHostKey.clear(); // accepted once: it is in known_hosts now
    m_keepalivesMissed = 0;
    m_bytesAtKeepalive = m_connection->bytesRead();
    if (m_options.sshKeepaliveIntervalMs > 0)
        m_keepalive.start(m_options.sshKeepaliveIntervalMs);
    spdlog::info("ssh: connected to {}", describe());
    std::vector<Waiting> waiting;
    waiting.swap(m_waiting);
    for (Waiting &entry : waiting) {
        if (entry.localFd < 0)
            entry.done(Done{});
        else
            openChannel(entry.localFd, entry.target, std::move(entry.done));
    }
    pumpAll();
}

void SshHostLink::keepalive()
{
    // Anything received since the last tick (an answer to a keepalive, channel data) proves the
    // host alive. libssh keeps one global request pending at a time (a call while one is unanswered
    // only polls for its answer), so a living idle host answers at least every second tick.
    const quint64 received = m_connection->bytesRead();
    if (m_bridges.empty() || received != m_bytesAtKeepalive) {
        // Without a channel nothing reads the connection (reads are paused, see pumpAll); the
        // next channel's open notices a loss, and the keepalive watches it from then on.
        m_keepalivesMissed = 0;
    } else if (++m_keepalivesMissed >= m_options.sshKeepaliveMisses) {
        failAll(Error{ETIMEDOUT, describe(),
                      QStringLiteral("the host stopped answering (no reply to %1 SSH keepalives in %2 ms)")
                          .arg(m_options.sshKeepaliveMisses)
                          .arg(m_options.sshKeepaliveMisses * m_options.sshKeepaliveIntervalMs)});
        return;
    }
    // Counted from before the call: the call itself may read what arrived since (when no
    // channel is reading, an answer waits for the next call), and that proves the host alive.
    m_bytesAtKeepalive = received;
    if (!m_bridges.empty())
        ssh_send_keepalive(m_connection->session());
    pumpAll(); // the keepalive may have read channel data, and it must leave the socket watched
}

void SshHostLink::failAll(const Error &error)
{
    m_deadline.stop();
    m_keepalive.stop();
    std::vector<Waiting> waiting;
    waiting.swap(m_waiting);
    std::vector<ChannelBridge *> bridges;
    bridges.swap(m_bridges);
    // The channels first: freeing the session frees them too.
    for (ChannelBridge *bridge : bridges) {
        bridge->abort(error);
        bridge->deleteLater();
    }
    if (m_connection != nullptr) {
        if (error.code != ECANCELED)
            spdlog::warn("ssh: {}", error.toString());
        m_connection->close();
        m_connection->deleteLater(); // we may be inside its failed() signal
        m_connection = nullptr;
    }
    m_established = false;
    for (Waiting &entry : waiting) {
        if (entry.localFd >= 0)
            ::close(entry.localFd);
        entry.done(error);
    }
}

void SshHostLink::pumpAll()
{
    if (!m_established)
        return;
    bool moved = true;
    for (int round = 0; moved && round < kMaxPumpRounds; ++round) {
        moved = false;
        for (ChannelBridge *bridge : m_bridges)
            moved = bridge->pump() || moved;
    }
    if (moved) // more to do: after the thread's other events
        QMetaObject::invokeMethod(this, &SshHostLink::pumpAll, Qt::QueuedConnection);
    std::erase_if(m_bridges, [](ChannelBridge *bridge) {
        if (!bridge->isFinished())
            return false;
        bridge->deleteLater();
        return true;
    });
    if (!ssh_is_connected(m_connection->session())) {
        failAll(Error{ECONNRESET, describe(), QStringLiteral("the SSH connection was lost")});
        return;
    }
    // Nothing reads an idle connection (libssh would leave an end-of-file pending and the
    // notifier firing); the next request notices a loss instead.
    m_connection->setReadPaused(m_bridges.empty());
}

} // namespace clonedeck
