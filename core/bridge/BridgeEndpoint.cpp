#include "BridgeEndpoint.h"

#include "BridgeConnection.h"
#include "Log.h"

#include <QFile>
#include <QSocketNotifier>
#include <QTimer>

#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace clonedeck::bridge {

namespace {

Error socketError(int code, const QString &path, const char *what)
{
    return Error{code, path,
                 QStringLiteral("%1: %2").arg(QLatin1String(what), QString::fromLocal8Bit(strerror(code)))};
}

std::optional<sockaddr_un> unixAddress(const QString &path)
{
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    const QByteArray encoded = QFile::encodeName(path);
    if (encoded.size() >= qsizetype(sizeof address.sun_path))
        return std::nullopt;
    std::memcpy(address.sun_path, encoded.constData(), size_t(encoded.size()));
    return address;
}

// A privileged connection of its own to xenstored for each guest connection, so that
// request and transaction ids pass through unchanged and nothing is shared between guests.
// A unix connect completes at once or fails; -errno on failure (-EAGAIN: the backlog is full).
int connectUpstream(const QString &path)
{
    const auto address = unixAddress(path);
    if (!address)
        return -ENAMETOOLONG;
    const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return -errno;
    if (::connect(fd, reinterpret_cast<const sockaddr *>(&*address), sizeof *address) != 0) {
        const int error = errno;
        ::close(fd);
        return -error;
    }
    return fd;
}

// How long a guest's connection waits for room in xenstored's backlog, and how often it tries.
constexpr int kUpstreamWaitMs = 5000;
constexpr int kUpstreamRetryMs = 10;

} // namespace

BridgeEndpoint::BridgeEndpoint(int domid, QString socketPath, QString upstreamPath, int ownerUid,
                               BridgeLimits limits, QObject *parent)
    : QObject(parent)
    , m_domid(domid)
    , m_socketPath(std::move(socketPath))
    , m_upstreamPath(std::move(upstreamPath))
    , m_ownerUid(ownerUid)
    , m_limits(limits)
{}

BridgeEndpoint::~BridgeEndpoint()
{
    qDeleteAll(m_connections);
    for (const WaitingGuest &guest : m_waiting)
        ::close(guest.fd);
    if (m_listenFd >= 0) {
        ::close(m_listenFd);
        ::unlink(QFile::encodeName(m_socketPath).constData());
    }
}

Result<int> BridgeEndpoint::bindListener(const QString &socketPath, int ownerUid)
{
    const auto address = unixAddress(socketPath);
    if (!address)
        return Error{ENAMETOOLONG, socketPath,
                     QStringLiteral("the endpoint's path is too long for a socket")};
    const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return socketError(errno, socketPath, "cannot create the endpoint's socket");
    const auto failed = [fd, &socketPath](const char *what) {
        const int code = errno;
        ::close(fd);
        return socketError(code, socketPath, what);
    };
    const QByteArray path = QFile::encodeName(socketPath);
    ::unlink(path.constData()); // a stale one from before a restart
    // Until listen() nobody can connect, so the owner and mode are right before anyone may.
    if (::bind(fd, reinterpret_cast<const sockaddr *>(&*address), sizeof *address) != 0)
        return failed("cannot bind the endpoint");
    if (::chmod(path.constData(), 0600) != 0 ||
        (ownerUid >= 0 && ::chown(path.constData(), uid_t(ownerUid), gid_t(-1)) != 0))
        return failed("cannot give the endpoint to the VM's user");
    if (::listen(fd, 16) != 0)
        return failed("cannot listen on the endpoint");
    return fd;
}

Status BridgeEndpoint::listen()
{
    auto fd = bindListener(m_socketPath, m_ownerUid);
    if (!fd)
        return fd.error();
    serveListener(*fd);
    return Done{};
}

void BridgeEndpoint::serveListener(int listenFd)
{
    m_listenFd = listenFd;
    m_acceptNotifier = new QSocketNotifier(m_listenFd, QSocketNotifier::Read, this);
    connect(m_acceptNotifier, &QSocketNotifier::activated, this, &BridgeEndpoint::onAcceptable);
    // Out of file descriptors, accept() fails while the connection stays pending: pause a
    // moment instead of spinning on a socket that stays readable.
    m_acceptBackoff = new QTimer(this);
    m_acceptBackoff->setSingleShot(true);
    m_acceptBackoff->setInterval(100);
    connect(m_acceptBackoff, &QTimer::timeout, m_acceptNotifier,
            [this] { m_acceptNotifier->setEnabled(true); });
    m_upstreamRetry = new QTimer(this);
    m_upstreamRetry->setSingleShot(true);
    m_upstreamRetry->setInterval(kUpstreamRetryMs);
    connect(m_upstreamRetry, &QTimer::timeout, this, &BridgeEndpoint::connectWaiting);
    // Guests that connected before it was served wait in its backlog: the notifier, level-
    // triggered, reports them on the loop's next turn.
}

int BridgeEndpoint::connectionCount() const
{
    int open = 0;
    for (const BridgeConnection *connection : m_connections)
        open += connection->isClosed() ? 0 : 1;
    return open;
}

BridgeUsage BridgeEndpoint::usage() const
{
    BridgeUsage usage;
    usage.droppedEvents = m_droppedByClosed;
    for (const BridgeConnection *connection : m_connections) {
        usage.connections += connection->isClosed() ? 0 : 1;
        usage.bufferedBytes += connection->session().bufferedBytes();
        usage.requestsInFlight += connection->session().requestsInFlight();
        usage.droppedEvents += connection->session().droppedEvents();
    }
    return usage;
}

void BridgeEndpoint::onAcceptable()
{
    for (;;) {
        const int guestFd = ::accept4(m_listenFd, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (guestFd >= 0) {
            serve(guestFd);
            continue;
        }
        if (errno == EINTR || errno == ECONNABORTED)
            continue;
        if (errno != EAGAIN && errno != EWOULDBLOCK) {
            spdlog::warn("bridge: domain {}: accept failed: {}", m_domid, strerror(errno));
            m_acceptNotifier->setEnabled(false);
            m_acceptBackoff->start();
        }
        return;
    }
}

bool BridgeEndpoint::peerAllowed(int guestFd) const
{
    ucred peer{};
    socklen_t length = sizeof peer;
    if (::getsockopt(guestFd, SOL_SOCKET, SO_PEERCRED, &peer, &length) != 0)
        return false;
    return peer.uid == 0 || peer.uid == ::geteuid() || (m_ownerUid >= 0 && peer.uid == uid_t(m_ownerUid));
}

void BridgeEndpoint::refuse(int guestFd, const char *why)
{
    ::close(guestFd);
    // The first refusal and then every 100th: a flood must not flood the log too.
    if (m_refused++ % 100 == 0)
        spdlog::warn("bridge: domain {}: connection refused ({}; {} so far)", m_domid, why, m_refused);
}

void BridgeEndpoint::serve(int guestFd)
{
    if (connectionCount() + m_waiting.size() >= m_limits.connectionsPerDomain) {
        for (BridgeConnection *connection : QList<BridgeConnection *>(m_connections))
            connection->closeIfGuestHungUp();
        if (connectionCount() + m_waiting.size() >= m_limits.connectionsPerDomain)
            return refuse(guestFd, "too many connections");
    }
    if (!peerAllowed(guestFd))
        return refuse(guestFd, "not the VM's user");
    ::setsockopt(guestFd, SOL_SOCKET, SO_SNDBUF, &m_limits.guestSendBuffer, sizeof m_limits.guestSendBuffer);
    m_waiting.append(WaitingGuest{guestFd, QDeadlineTimer(kUpstreamWaitMs)});
    connectWaiting();
}

void BridgeEndpoint::connectWaiting()
{
    while (!m_waiting.isEmpty()) {
        const int upstreamFd = connectUpstream(m_upstreamPath);
        if (upstreamFd >= 0) {
            start(m_waiting.takeFirst().fd, upstreamFd);
            continue;
        }
        if (upstreamFd == -EAGAIN) {
            while (!m_waiting.isEmpty() && m_waiting.first().deadline.hasExpired())
                refuse(m_waiting.takeFirst().fd, "xenstored stayed busy");
            if (!m_waiting.isEmpty())
                m_upstreamRetry->start();
            return;
        }
        while (!m_waiting.isEmpty()) // xenstored is gone (restarting): nothing to forward to
            refuse(m_waiting.takeFirst().fd, "xenstored does not answer");
    }
}

void BridgeEndpoint::start(int guestFd, int upstreamFd)
{
    BridgeSession session = m_inherited ? std::move(*m_inherited) : BridgeSession(m_domid, m_limits);
    m_inherited.reset();
    auto *connection = new BridgeConnection(guestFd, upstreamFd, std::move(session), this);
    m_connections.append(connection);
    const auto drop = [this, connection] {
        m_droppedByClosed += connection->session().droppedEvents();
        m_connections.removeOne(connection);
        connection->deleteLater();
    };
    connect(connection, &BridgeConnection::closed, this, drop);
    if (connection->isClosed()) // failed on its first bytes (a fork's state for a peer already gone)
        drop();
}

Result<BridgeSession> BridgeEndpoint::forkSession(int cloneDomid)
{
    // A channel the VM opened just before it was paused may still wait in the listen backlog.
    onAcceptable();
    if (!m_waiting.isEmpty())
        return Error{EAGAIN, m_socketPath,
                     QStringLiteral("domain %1's channel is not connected to xenstored yet").arg(m_domid)};
    QList<BridgeConnection *> open;
    for (BridgeConnection *connection : m_connections) {
        if (!connection->isClosed())
            open.append(connection);
    }
    if (open.isEmpty())
        return BridgeSession(cloneDomid, m_limits);
    if (open.size() > 1)
        return Error{
            EINVAL, m_socketPath,
            QStringLiteral("a fork takes the state of a VM's one channel; domain %1 has %2 connections")
                .arg(m_domid)
                .arg(open.size())};
    return open.first()->forkSession(cloneDomid);
}

void BridgeEndpoint::inherit(BridgeSession session)
{
    if (m_connections.size() == 1 && m_connections.first()->isPristine()) {
        m_connections.first()->adopt(std::move(session));
        return;
    }
    m_inherited = std::move(session);
}

} // namespace clonedeck::bridge
