#include "BridgeConnection.h"

#include "Log.h"
#include "UnixPeerBacklog.h"

#include <QSocketNotifier>

#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace clonedeck::bridge {

namespace {
// 16 reads of 16 KiB per wake-up: a flooding guest gets its turn, then the others get theirs.
constexpr int kReadsPerWakeup = 16;
constexpr qsizetype kReadSize = 16 * 1024;
// A paused guest's end holds at most a socket buffer (~200 KiB); 1 MiB bounds the drain even if
// the guest was not paused after all.
constexpr int kDrainReads = 64;
} // namespace

BridgeConnection::BridgeConnection(int guestFd, int upstreamFd, BridgeSession session, QObject *parent)
    : QObject(parent)
    , m_guestFd(guestFd)
    , m_upstreamFd(upstreamFd)
    , m_session(std::move(session))
    , m_guestRead(new QSocketNotifier(guestFd, QSocketNotifier::Read, this))
    , m_guestWrite(new QSocketNotifier(guestFd, QSocketNotifier::Write, this))
    , m_upstreamRead(new QSocketNotifier(upstreamFd, QSocketNotifier::Read, this))
    , m_upstreamWrite(new QSocketNotifier(upstreamFd, QSocketNotifier::Write, this))
{
    connect(m_guestRead, &QSocketNotifier::activated, this, &BridgeConnection::onGuestReadable);
    connect(m_upstreamRead, &QSocketNotifier::activated, this, &BridgeConnection::onUpstreamReadable);
    connect(m_guestWrite, &QSocketNotifier::activated, this, &BridgeConnection::flush);
    connect(m_upstreamWrite, &QSocketNotifier::activated, this, &BridgeConnection::flush);
    flush(); // a fork's state may already hold bytes for either side
}

BridgeConnection::~BridgeConnection()
{
    ::close(m_guestFd);
    ::close(m_upstreamFd);
}

void BridgeConnection::adopt(BridgeSession session)
{
    m_session = std::move(session);
    flush();
}

void BridgeConnection::closeIfGuestHungUp()
{
    pollfd guest{m_guestFd, POLLRDHUP, 0};
    if (!m_closed && ::poll(&guest, 1, 0) > 0 && (guest.revents & (POLLRDHUP | POLLHUP | POLLERR)))
        onGuestReadable(); // takes what it sent last, then sees the end
}

void BridgeConnection::close(const QString &why, bool expected)
{
    if (m_closed)
        return;
    m_closed = true;
    for (QSocketNotifier *notifier : {m_guestRead, m_guestWrite, m_upstreamRead, m_upstreamWrite})
        notifier->setEnabled(false);
    if (expected)
        spdlog::debug("bridge: domain {} connection closed: {}", domid(), why);
    else
        spdlog::warn("bridge: domain {} connection closed: {}", domid(), why);
    emit closed();
}

bool BridgeConnection::readFrom(int fd, bool fromGuest, int maxReads, bool draining)
{
    char buffer[kReadSize];
    for (int i = 0; i < maxReads && !m_closed; ++i) {
        if (fromGuest && !draining && !m_session.acceptsGuestInput())
            break;
        const ssize_t got = ::read(fd, buffer, sizeof buffer);
        if (got > 0) {
            if (fromGuest) {
                m_guestBytesSeen = true;
                m_session.receiveFromGuest(buffer, got);
            } else {
                m_session.receiveFromUpstream(buffer, got);
            }
            if (m_session.failed()) {
                close(m_session.failure(), false);
                return false;
            }
            flush(); // make room before reading more
            continue;
        }
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            break;
        const QString side = fromGuest ? QStringLiteral("the guest") : QStringLiteral("xenstored");
        close(got == 0 ? side + QStringLiteral(" closed it")
                       : side + QStringLiteral(": ") + QString::fromLocal8Bit(strerror(errno)),
              got == 0 || (fromGuest && errno == ECONNRESET));
        return false;
    }
    return !m_closed;
}

void BridgeConnection::onGuestReadable()
{
    if (readFrom(m_guestFd, true, kReadsPerWakeup, false))
        updateNotifiers();
}

void BridgeConnection::onUpstreamReadable()
{
    if (readFrom(m_upstreamFd, false, kReadsPerWakeup, false))
        updateNotifiers();
}

void BridgeConnection::flush()
{
    if (m_closed)
        return;
    // What each socket takes now; the rest waits for its write notifier.
    while (!m_session.toUpstream().isEmpty()) {
        const qsizetype sent = sendSome(m_upstreamFd, m_session.toUpstream());
        if (sent < 0)
            return close(QStringLiteral("cannot write to xenstored: ") +
                             QString::fromLocal8Bit(strerror(errno)),
                         false);
        if (sent == 0)
            break;
        m_session.upstreamWritten(sent);
    }
    GuestOutput &output = m_session.toGuest();
    while (output.unwrittenBytes() > 0) {
        const qsizetype sent = sendSome(m_guestFd, output.nextToWrite());
        if (sent < 0)
            return close(QStringLiteral("the guest went away: ") + QString::fromLocal8Bit(strerror(errno)),
                         true);
        if (sent == 0)
            break;
        output.written(sent);
    }
    updateNotifiers();
}

qsizetype BridgeConnection::sendSome(int fd, const QByteArray &bytes)
{
    for (;;) {
        const ssize_t sent = ::send(fd, bytes.constData(), size_t(bytes.size()), MSG_NOSIGNAL);
        if (sent >= 0)
            return sent;
        if (errno == EAGAIN || errno == EWOULDBLOCK)
            return 0;
        if (errno != EINTR)
            return -1;
    }
}

void BridgeConnection::updateNotifiers()
{
    if (m_closed)
        return;
    m_guestRead->setEnabled(m_session.acceptsGuestInput());
    m_guestWrite->setEnabled(m_session.toGuest().unwrittenBytes() > 0);
    m_upstreamRead->setEnabled(true);
    m_upstreamWrite->setEnabled(!m_session.toUpstream().isEmpty());
}

BridgeSession BridgeConnection::forkSession(int cloneDomid)
{
    // The guest is paused: what its end sent is all in the socket now. Take it all in, past the
    // usual backpressure (a socket buffer's worth at most), so the clone continues from there.
    if (!m_closed)
        readFrom(m_guestFd, true, kDrainReads, true);
    flush();
    qint64 unread = 0;
    if (!m_closed) {
        const auto backlog = UnixPeerBacklog::unreadByPeer(m_guestFd);
        if (backlog)
            unread = *backlog;
        else
            spdlog::warn("bridge: cannot tell what domain {}'s end has not read ({}); the clone gets only "
                         "what was not yet written",
                         domid(), backlog.error().toString());
    }
    BridgeSession clone = m_session.fork(cloneDomid, unread);
    updateNotifiers();
    return clone;
}

} // namespace clonedeck::bridge
