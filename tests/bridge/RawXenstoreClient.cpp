#include "RawXenstoreClient.h"

#include <QDeadlineTimer>
#include <QFile>

#include <poll.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstring>

namespace clonedeck::test {

std::unique_ptr<RawXenstoreClient> RawXenstoreClient::connect(const QString &socketPath)
{
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    const QByteArray encoded = QFile::encodeName(socketPath);
    if (encoded.size() >= qsizetype(sizeof address.sun_path))
        return nullptr;
    std::memcpy(address.sun_path, encoded.constData(), size_t(encoded.size()));
    const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return nullptr;
    if (::connect(fd, reinterpret_cast<sockaddr *>(&address), sizeof address) != 0) {
        ::close(fd);
        return nullptr;
    }
    return std::unique_ptr<RawXenstoreClient>(new RawXenstoreClient(fd));
}

RawXenstoreClient::~RawXenstoreClient()
{
    ::close(m_fd);
}

bool RawXenstoreClient::sendRaw(const QByteArray &bytes)
{
    qsizetype sent = 0;
    while (sent < bytes.size()) {
        const ssize_t n = ::send(m_fd, bytes.constData() + sent, size_t(bytes.size() - sent), MSG_NOSIGNAL);
        if (n <= 0)
            return false;
        sent += n;
    }
    return true;
}

quint32 RawXenstoreClient::send(xswire::Type type, const QByteArray &payload, quint32 transaction)
{
    const quint32 id = m_nextRequestId++;
    sendRaw(xswire::encode(xswire::Message{quint32(type), id, transaction, payload}));
    return id;
}

bool RawXenstoreClient::pump(int timeoutMs)
{
    if (m_eof)
        return false;
    pollfd wanted{m_fd, POLLIN, 0};
    if (::poll(&wanted, 1, timeoutMs) <= 0)
        return false;
    char buffer[65536];
    const ssize_t got = ::recv(m_fd, buffer, sizeof buffer, MSG_DONTWAIT);
    if (got <= 0) {
        m_eof = got == 0 || (errno != EAGAIN && errno != EINTR);
        return !m_eof;
    }
    m_reader.append(buffer, got);
    while (const auto message = m_reader.next())
        (message->kind() == xswire::Type::WatchEvent ? m_events : m_replies).append(*message);
    return true;
}

std::optional<xswire::Message> RawXenstoreClient::next(QList<xswire::Message> &queue, int timeoutMs)
{
    QDeadlineTimer deadline(timeoutMs);
    while (queue.isEmpty()) {
        if (!pump(int(deadline.remainingTime())) && (m_eof || deadline.hasExpired()))
            return std::nullopt;
    }
    return queue.takeFirst();
}

std::optional<xswire::Message> RawXenstoreClient::nextReply(int timeoutMs)
{
    return next(m_replies, timeoutMs);
}

std::optional<xswire::Message> RawXenstoreClient::nextEvent(int timeoutMs)
{
    return next(m_events, timeoutMs);
}

QSet<QByteArray> RawXenstoreClient::nextEventPayloads(int count, int timeoutMs)
{
    QSet<QByteArray> payloads;
    for (int i = 0; i < count; ++i)
        payloads.insert(nextEventPayload(timeoutMs));
    return payloads;
}

QByteArray RawXenstoreClient::nextEventPayload(int timeoutMs)
{
    const auto event = nextEvent(timeoutMs);
    return event ? event->payload : QByteArrayLiteral("<none>");
}

std::optional<xswire::Message> RawXenstoreClient::call(xswire::Type type, const QByteArray &payload,
                                                       quint32 transaction, int timeoutMs)
{
    const quint32 id = send(type, payload, transaction);
    auto reply = nextReply(timeoutMs);
    if (reply && reply->requestId != id)
        return std::nullopt;
    return reply;
}

QByteArray RawXenstoreClient::readRaw(qsizetype count, int timeoutMs)
{
    QByteArray bytes;
    QDeadlineTimer deadline(timeoutMs);
    while (bytes.size() < count && !deadline.hasExpired()) {
        pollfd wanted{m_fd, POLLIN, 0};
        if (::poll(&wanted, 1, int(deadline.remainingTime())) <= 0)
            break;
        QByteArray chunk(count - bytes.size(), '\0');
        const ssize_t got = ::recv(m_fd, chunk.data(), size_t(chunk.size()), MSG_DONTWAIT);
        if (got <= 0)
            break;
        bytes += chunk.first(got);
    }
    return bytes;
}

bool RawXenstoreClient::waitClosed(int timeoutMs)
{
    QDeadlineTimer deadline(timeoutMs);
    while (!m_eof && !deadline.hasExpired())
        pump(int(deadline.remainingTime()));
    return m_eof;
}

bool RawXenstoreClient::waitUnread(qsizetype atLeast, int timeoutMs) const
{
    QDeadlineTimer deadline(timeoutMs);
    for (;;) {
        int unread = 0;
        if (::ioctl(m_fd, FIONREAD, &unread) == 0 && unread >= atLeast)
            return true;
        if (deadline.hasExpired())
            return false;
        // Without reading: poll says "readable" once anything is there; more may follow, so look again.
        pollfd wanted{m_fd, POLLIN, 0};
        if (unread == 0)
            ::poll(&wanted, 1, int(deadline.remainingTime()));
        else
            ::poll(nullptr, 0, 1);
    }
}

QByteArray RawXenstoreClient::answerOf(const std::optional<xswire::Message> &reply)
{
    if (!reply)
        return QByteArrayLiteral("<none>");
    QByteArray payload = reply->payload;
    if (payload.endsWith('\0'))
        payload.chop(1);
    return payload;
}

} // namespace clonedeck::test
