#include "ChannelBridge.h"

#include "Log.h"

#include <QSocketNotifier>

#include <libssh/libssh.h>

#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

namespace clonedeck {

namespace {
// One chunk per direction per pump: large enough for a cold load's replies (bench_ssh_hosts),
// small enough that one busy channel cannot starve the others on the same connection.
constexpr int kChunk = 64 * 1024;
} // namespace

QString ChannelTarget::toString() const
{
    return unixPath.isEmpty() ? QStringLiteral("%1:%2").arg(host).arg(port) : unixPath;
}

ChannelBridge::ChannelBridge(ssh_session session, int localFd, ChannelTarget target,
                             std::function<void(Status)> opened, QObject *parent)
    : QObject(parent)
    , m_session(session)
    , m_fd(localFd)
    , m_target(std::move(target))
    , m_opened(std::move(opened))
{
    m_channel = ssh_channel_new(m_session);
    m_readable = new QSocketNotifier(m_fd, QSocketNotifier::Read, this);
    m_writable = new QSocketNotifier(m_fd, QSocketNotifier::Write, this);
    connect(m_readable, &QSocketNotifier::activated, this, &ChannelBridge::localActivity);
    connect(m_writable, &QSocketNotifier::activated, this, &ChannelBridge::localActivity);
    updateNotifiers();
}

ChannelBridge::~ChannelBridge()
{
    finish(Error{ECANCELED, m_target.toString(), QStringLiteral("the host connection was closed")});
}

bool ChannelBridge::open()
{
    const int rc = m_target.unixPath.isEmpty()
                       ? ssh_channel_open_forward(m_channel, m_target.host.toUtf8().constData(),
                                                  m_target.port, "127.0.0.1", 0)
                       : ssh_channel_open_forward_unix(m_channel, m_target.unixPath.toUtf8().constData(),
                                                       "127.0.0.1", 0);
    if (rc == SSH_AGAIN)
        return false;
    if (rc != SSH_OK) {
        finish(Error{ECONNREFUSED, m_target.toString(),
                     QStringLiteral("the host cannot open a channel there: ") +
                         QString::fromUtf8(ssh_get_error(m_session))});
        return true;
    }
    m_isOpen = true;
    if (m_opened)
        std::exchange(m_opened, nullptr)(Done{});
    return true;
}

bool ChannelBridge::farToLocal()
{
    bool moved = false;
    if (m_toLocal.isEmpty() && !m_farEof) {
        char buffer[kChunk];
        const int n = ssh_channel_read_nonblocking(m_channel, buffer, sizeof buffer, 0);
        if (n == SSH_ERROR) {
            finish(Error{ECONNRESET, m_target.toString(), QString::fromUtf8(ssh_get_error(m_session))});
            return true;
        }
        if (n > 0) {
            m_toLocal.append(buffer, n);
            moved = true;
        } else if (ssh_channel_is_eof(m_channel) || ssh_channel_is_closed(m_channel)) {
            m_farEof = true;
            moved = true;
        }
    }
    if (!m_toLocal.isEmpty()) {
        const ssize_t n =
            ::send(m_fd, m_toLocal.constData(), size_t(m_toLocal.size()), MSG_NOSIGNAL | MSG_DONTWAIT);
        if (n > 0) {
            m_toLocal.remove(0, n);
            moved = true;
        } else if (n < 0 && errno != EAGAIN && errno != EINTR) {
            finish(Done{}); // the local reader went away
            return true;
        }
    }
    if (m_farEof && m_toLocal.isEmpty() && !m_localShut) {
        ::shutdown(m_fd, SHUT_WR);
        m_localShut = true;
        moved = true;
    }
    return moved;
}

bool ChannelBridge::localToFar()
{
    bool moved = false;
    if (m_toFar.isEmpty() && !m_localEof) {
        char buffer[kChunk];
        const ssize_t n = ::recv(m_fd, buffer, sizeof buffer, MSG_DONTWAIT);
        if (n > 0) {
            m_toFar.append(buffer, int(n));
            moved = true;
        } else if (n == 0 || (errno != EAGAIN && errno != EINTR)) {
            m_localEof = true;
            moved = true;
        }
    }
    while (!m_toFar.isEmpty()) {
        const auto window = qint64(ssh_channel_window_size(m_channel));
        if (window == 0)
            break;
        const int n = ssh_channel_write(m_channel, m_toFar.constData(),
                                        uint32_t(std::min<qint64>(m_toFar.size(), window)));
        if (n == SSH_ERROR) {
            finish(Error{ECONNRESET, m_target.toString(), QString::fromUtf8(ssh_get_error(m_session))});
            return true;
        }
        if (n <= 0)
            break;
        m_toFar.remove(0, n);
        moved = true;
    }
    if (m_localEof && m_toFar.isEmpty() && !m_eofSent) {
        ssh_channel_send_eof(m_channel);
        m_eofSent = true;
        moved = true;
    }
    return moved;
}

bool ChannelBridge::pump()
{
    if (m_finished)
        return false;
    if (!m_isOpen)
        return open();
    bool moved = farToLocal();
    if (!m_finished)
        moved = localToFar() || moved;
    // Both ends said everything, or the far end closed its channel: done.
    if (!m_finished && m_farEof && m_localShut && (m_eofSent || ssh_channel_is_closed(m_channel))) {
        finish(Done{});
        return true;
    }
    if (!m_finished)
        updateNotifiers();
    return moved;
}

void ChannelBridge::updateNotifiers()
{
    m_readable->setEnabled(m_isOpen && m_toFar.isEmpty() && !m_localEof);
    m_writable->setEnabled(m_isOpen && !m_toLocal.isEmpty());
}

void ChannelBridge::abort(const Error &error)
{
    finish(error);
}

void ChannelBridge::finish(const Status &status)
{
    if (m_finished)
        return;
    m_finished = true;
    if (!status.ok() && status.error().code != ECANCELED)
        spdlog::info("ssh: channel to {} ended: {}", m_target.toString(), status.error().toString());
    if (m_opened)
        std::exchange(m_opened, nullptr)(
            status.ok()
                ? Status(Error{ECONNRESET, m_target.toString(), QStringLiteral("closed before it opened")})
                : status);
    // deleteLater: this may run inside a notifier's own activated() emission.
    for (QSocketNotifier *notifier : {m_readable, m_writable}) {
        if (notifier != nullptr) {
            notifier->setEnabled(false);
            notifier->deleteLater();
        }
    }
    m_readable = m_writable = nullptr;
    if (m_channel != nullptr) {
        if (m_isOpen && ssh_channel_is_open(m_channel))
            ssh_channel_close(m_channel);
        ssh_channel_free(m_channel);
        m_channel = nullptr;
    }
    ::close(m_fd);
    m_fd = -1;
}

} // namespace clonedeck
