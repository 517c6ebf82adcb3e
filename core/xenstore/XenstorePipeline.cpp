#include "XenstorePipeline.h"

#include "UnixSocketTransport.h"
#include "XenstoreConnection.h"

#include <cerrno>
#include <cstring>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace clonedeck {

namespace {
// Whether xenstored's errno for a request is a refusal: removing a node that is not there is not.
bool isRefusal(xswire::Type type, int code)
{
    return !(type == xswire::Type::Rm && code == ENOENT);
}
} // namespace

void XenstoreBatch::write(const QString &path, const QByteArray &value)
{
    m_requests.append({xswire::Type::Write, path, value, {}});
}

void XenstoreBatch::mkdir(const QString &path)
{
    m_requests.append({xswire::Type::Mkdir, path, {}, {}});
}

void XenstoreBatch::remove(const QString &path)
{
    m_requests.append({xswire::Type::Rm, path, {}, {}});
}

void XenstoreBatch::setPermissions(const QString &path, const QList<XenstorePermission> &permissions)
{
    m_requests.append({xswire::Type::SetPerms, path, {}, permissions});
}

QByteArray XenstoreBatch::Request::payload() const
{
    if (type == xswire::Type::Write)
        return xswire::writePayload(path, value);
    QByteArray payload = xswire::pathPayload(path);
    for (const XenstorePermission &permission : permissions) // each as xenstore-chmod spells it
        payload += permission.toString().toLatin1() + '\0';
    return payload;
}

QList<Error> XenstoreBatch::runEach(XenstoreConnection &connection) const
{
    QList<Error> refused;
    for (const Request &request : m_requests) {
        Status done = Done{};
        switch (request.type) {
        case xswire::Type::Write:
            done = connection.write(request.path, request.value);
            break;
        case xswire::Type::Mkdir:
            done = connection.mkdir(request.path);
            break;
        case xswire::Type::Rm:
            done = connection.remove(request.path);
            break;
        default:
            done = connection.setPermissions(request.path, request.permissions);
            break;
        }
        if (!done && isRefusal(request.type, done.error().code))
            refused.append(done.error());
    }
    return refused;
}

Result<std::unique_ptr<XenstorePipeline>> XenstorePipeline::open(const QString &socketPath)
{
    auto fd = UnixSocketTransport(socketPath).connect();
    if (!fd)
        return fd.error();
    return std::unique_ptr<XenstorePipeline>(new XenstorePipeline(*fd, socketPath));
}

XenstorePipeline::XenstorePipeline(int fd, QString socketPath)
    : m_fd(fd)
    , m_socketPath(std::move(socketPath))
{}

XenstorePipeline::~XenstorePipeline()
{
    if (m_fd >= 0)
        ::close(m_fd);
}

Error XenstorePipeline::broken(int code, const QString &why)
{
    if (m_fd >= 0)
        ::close(m_fd);
    m_fd = -1;
    return Error{code, m_socketPath, why};
}

Result<QList<Error>> XenstorePipeline::run(const XenstoreBatch &batch, int silenceMs)
{
    if (!isOpen())
        return Error{ENOTCONN, m_socketPath, QStringLiteral("the pipeline to xenstored is closed")};
    const QList<XenstoreBatch::Request> &requests = batch.requests();
    const quint32 firstId = m_nextId;
    m_nextId += quint32(requests.size()); // ids wrap as xenstored's do; only their order matters here
    QList<Error> refused;
    xswire::MessageReader reader;
    QByteArray output;
    qsizetype sent = 0;
    qsizetype answered = 0;
    while (answered < requests.size()) {
        for (; sent < requests.size() && sent - answered < kWindow; ++sent) {
            const XenstoreBatch::Request &request = requests[sent];
            output += xswire::encode({quint32(request.type), firstId + quint32(sent), 0, request.payload()});
        }
        pollfd stream{m_fd, short(POLLIN | (output.isEmpty() ? 0 : POLLOUT)), 0};
        const int ready = ::poll(&stream, 1, silenceMs);
        const int pollError = errno;
        if (ready < 0 && pollError == EINTR)
            continue;
        if (ready < 0)
            return broken(pollError,
                          QStringLiteral("cannot wait for xenstored: %1").arg(strerror(pollError)));
        if (ready == 0)
            return broken(
                ETIMEDOUT,
                QStringLiteral("xenstored answered nothing for %1 ms (%2 of %3 requests unanswered)")
                    .arg(silenceMs)
                    .arg(requests.size() - answered)
                    .arg(requests.size()));
        if (stream.revents & POLLOUT) {
            // MSG_NOSIGNAL: a xenstored that has gone is an error here, not a SIGPIPE for the process
            ssize_t n = ::send(m_fd, output.constData(), size_t(output.size()), MSG_NOSIGNAL);
            if (n < 0 && errno == ENOTSOCK) // a guest's xenbus device
                n = ::write(m_fd, output.constData(), size_t(output.size()));
            const int writeError = errno;
            if (n < 0 && writeError != EAGAIN && writeError != EINTR)
                return broken(writeError,
                              QStringLiteral("writing to xenstored failed: %1").arg(strerror(writeError)));
            if (n > 0)
                output.remove(0, n);
        }
        if (!(stream.revents & (POLLIN | POLLHUP | POLLERR)))
            continue;
        char buffer[65536];
        const ssize_t n = ::read(m_fd, buffer, sizeof buffer);
        const int readError = errno;
        if (n == 0)
            return broken(ECONNRESET, QStringLiteral("xenstored closed the connection"));
        if (n < 0 && readError != EAGAIN && readError != EINTR)
            return broken(readError,
                          QStringLiteral("reading from xenstored failed: %1").arg(strerror(readError)));
        if (n > 0)
            reader.append(buffer, n);
        while (auto reply = reader.next()) {
            const quint32 index = reply->requestId - firstId;
            if (index != quint32(answered)) // no watch on this stream: every message answers the next request
                return broken(EPROTO, QStringLiteral("xenstored answered out of order"));
            ++answered;
            if (reply->kind() != xswire::Type::Error)
                continue;
            const XenstoreBatch::Request &request = requests[index];
            const int code = xswire::errnoFromErrorPayload(reply->payload);
            if (!isRefusal(request.type, code))
                continue;
            refused.append(
                Error{code, request.path,
                      QStringLiteral("%1 failed: %2")
                          .arg(QString::fromLatin1(xswire::typeName(quint32(request.type))).toLower(),
                               QString::fromLocal8Bit(strerror(code)))});
        }
        if (reader.failed())
            return broken(EPROTO, reader.errorString());
    }
    return refused;
}

} // namespace clonedeck
