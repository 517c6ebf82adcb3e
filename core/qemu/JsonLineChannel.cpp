#include "JsonLineChannel.h"

#include <QFile>
#include <QJsonDocument>
#include <QSocketNotifier>

#include <cstring>
#include <fcntl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

namespace clonedeck {

namespace {
constexpr int kRetryIntervalMs = 10;
}

JsonLineChannel::JsonLineChannel(QObject *parent)
    : QObject(parent)
{
    m_retry.setSingleShot(true);
    m_retry.setInterval(kRetryIntervalMs);
    connect(&m_retry, &QTimer::timeout, this, &JsonLineChannel::tryConnect);
}

JsonLineChannel::~JsonLineChannel()
{
    close();
}

void JsonLineChannel::close()
{
    m_retry.stop();
    delete m_readNotifier;
    delete m_writeNotifier;
    m_readNotifier = m_writeNotifier = nullptr;
    if (m_fd >= 0)
        ::close(m_fd);
    m_fd = -1;
    m_connected = false;
    for (const Chunk &chunk : std::as_const(m_output)) {
        if (chunk.fd >= 0)
            ::close(chunk.fd);
    }
    m_output.clear();
    m_input.clear();
}

void JsonLineChannel::connectTo(const QString &path, int timeoutMs)
{
    close();
    m_path = path;
    m_deadline = QDeadlineTimer(timeoutMs);
    m_retry.start(0);
}

void JsonLineChannel::tryConnect()
{
    const QByteArray encoded = QFile::encodeName(m_path);
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    if (size_t(encoded.size()) >= sizeof(address.sun_path))
        return fail(Error{ENAMETOOLONG, m_path, QStringLiteral("socket path too long")});
    std::memcpy(address.sun_path, encoded.constData(), size_t(encoded.size()));
    const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return fail(Error{errno, m_path, QStringLiteral("cannot create a socket")});
    if (::connect(fd, reinterpret_cast<sockaddr *>(&address), sizeof(address)) != 0) {
        const int error = errno;
        ::close(fd);
        // Not there yet, or not listening yet: QEMU is still starting.
        if ((error == ENOENT || error == ECONNREFUSED || error == EAGAIN) && !m_deadline.hasExpired())
            return m_retry.start();
        return fail(
            Error{error, m_path,
                  QStringLiteral("cannot connect: %1").arg(QString::fromLocal8Bit(std::strerror(error)))});
    }
    m_fd = fd;
    m_connected = true;
    m_readNotifier = new QSocketNotifier(m_fd, QSocketNotifier::Read, this);
    connect(m_readNotifier, &QSocketNotifier::activated, this, &JsonLineChannel::onReadable);
    m_writeNotifier = new QSocketNotifier(m_fd, QSocketNotifier::Write, this);
    m_writeNotifier->setEnabled(false);
    connect(m_writeNotifier, &QSocketNotifier::activated, this, &JsonLineChannel::onWritable);
    emit connected();
    flush();
}

void JsonLineChannel::fail(const Error &error)
{
    close();
    emit failed(error);
}

void JsonLineChannel::send(const QJsonObject &document, int fd)
{
    Chunk chunk;
    chunk.bytes = QJsonDocument(document).toJson(QJsonDocument::Compact) + '\n';
    chunk.fd = fd >= 0 ? ::fcntl(fd, F_DUPFD_CLOEXEC, 0) : -1;
    m_output.append(chunk);
    flush();
}

void JsonLineChannel::sendRaw(const QByteArray &bytes)
{
    m_output.append(Chunk{bytes, -1});
    flush();
}

void JsonLineChannel::flush()
{
    while (isConnected() && !m_output.isEmpty()) {
        Chunk &chunk = m_output.first();
        iovec data{chunk.bytes.data(), size_t(chunk.bytes.size())};
        msghdr message{};
        message.msg_iov = &data;
        message.msg_iovlen = 1;
        alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int))] = {};
        if (chunk.fd >= 0) {
            message.msg_control = control;
            message.msg_controllen = sizeof(control);
            cmsghdr *header = CMSG_FIRSTHDR(&message);
            header->cmsg_level = SOL_SOCKET;
            header->cmsg_type = SCM_RIGHTS;
            header->cmsg_len = CMSG_LEN(sizeof(int));
            std::memcpy(CMSG_DATA(header), &chunk.fd, sizeof(int));
        }
        const ssize_t sent = ::sendmsg(m_fd, &message, MSG_NOSIGNAL);
        if (sent < 0) {
            if (errno == EAGAIN || errno == EINTR) {
                m_writeNotifier->setEnabled(true);
                return;
            }
            return fail(Error{errno, m_path, QStringLiteral("the peer went away")});
        }
        if (chunk.fd >= 0) {
            ::close(chunk.fd); // the peer has its own copy now
            chunk.fd = -1;
        }
        chunk.bytes.remove(0, sent);
        if (chunk.bytes.isEmpty())
            m_output.removeFirst();
    }
    if (m_writeNotifier)
        m_writeNotifier->setEnabled(false);
}

void JsonLineChannel::onWritable()
{
    flush();
}

void JsonLineChannel::onReadable()
{
    char buffer[65536];
    const ssize_t received = ::read(m_fd, buffer, sizeof(buffer));
    if (received == 0)
        return fail(Error{EPIPE, m_path, QStringLiteral("the peer closed the connection")});
    if (received < 0) {
        if (errno == EAGAIN || errno == EINTR)
            return;
        return fail(Error{errno, m_path, QStringLiteral("cannot read")});
    }
    m_input.append(buffer, received);
    qsizetype end;
    // A handler may close this channel (and clear the buffer) while we are in the loop.
    while (m_fd >= 0 && (end = m_input.indexOf('\n')) >= 0) {
        // QGA puts a 0xFF byte before its answer to guest-sync-delimited; what precedes it is
        // the remainder of an answer nobody waits for any more.
        const QByteArray line = m_input.left(end).mid(m_input.left(end).lastIndexOf('\xff') + 1);
        m_input.remove(0, end + 1);
        QJsonParseError error{};
        const QJsonDocument document = QJsonDocument::fromJson(line, &error);
        if (error.error == QJsonParseError::NoError && document.isObject())
            emit documentReceived(document.object());
        else
            emit garbageReceived(line);
    }
    if (m_input.size() > kMaxLineBytes)
        fail(Error{E2BIG, m_path, QStringLiteral("a line longer than %1 bytes").arg(kMaxLineBytes)});
}

} // namespace clonedeck
