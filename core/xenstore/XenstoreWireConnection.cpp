#include "XenstoreWireConnection.h"

#include <QSocketNotifier>

#include <cstring>
#include <unistd.h>

namespace clonedeck {

namespace {
template<typename Call>
ssize_t withoutInterrupts(Call call)
{
    ssize_t n;
    do
        n = call();
    while (n < 0 && errno == EINTR);
    return n;
}

Error replyError(const xswire::Message &reply, const QString &path)
{
    const int code = xswire::errnoFromErrorPayload(reply.payload);
    return Error{code, path,
                 QStringLiteral("%1 failed: %2")
                     .arg(QString::fromLatin1(xswire::typeName(reply.type)).toLower(),
                          QString::fromLocal8Bit(strerror(code)))};
}
} // namespace

XenstoreWireConnection::XenstoreWireConnection(int fd, QString peer, QObject *parent)
    : QObject(parent)
    , m_fd(fd)
    , m_peer(std::move(peer))
    , m_readNotifier(new QSocketNotifier(fd, QSocketNotifier::Read, this))
    , m_writeNotifier(new QSocketNotifier(fd, QSocketNotifier::Write, this))
{
    m_writeNotifier->setEnabled(false);
    connect(m_readNotifier, &QSocketNotifier::activated, this, &XenstoreWireConnection::onReadable);
    connect(m_writeNotifier, &QSocketNotifier::activated, this, &XenstoreWireConnection::writeOut);
}

XenstoreWireConnection::~XenstoreWireConnection()
{
    close(ECANCELED);
}

void XenstoreWireConnection::request(xswire::Type type, const QByteArray &payload, const QString &path,
                                     ReplyHandler done)
{
    if (!isOpen())
        return answerLater(this, std::move(done),
                           Error{ENOTCONN, path, QStringLiteral("not connected to xenstored")});
    if (payload.size() > qsizetype(xswire::kPayloadMax))
        return answerLater(
            this, std::move(done),
            Error{E2BIG, path, QStringLiteral("the request exceeds xenstore's 4,096-byte payload")});
    m_queued.enqueue(Outgoing{type, payload, path, std::move(done)});
    sendQueued();
}

void XenstoreWireConnection::answerLater(QObject *context, ReplyHandler done, const Error &error)
{
    QMetaObject::invokeMethod(
        context, [done = std::move(done), error] { done(error); }, Qt::QueuedConnection);
}

void XenstoreWireConnection::sendQueued()
{
    bool added = false;
    while (!m_queued.isEmpty() && m_waiting.size() < kWindow) {
        Outgoing next = m_queued.dequeue();
        const quint32 id = m_nextId;
        m_nextId = m_nextId == 0xFFFFFFFFu ? 1 : m_nextId + 1; // 0 is what watch events carry
        m_output += xswire::encode({quint32(next.type), id, 0, next.payload});
        m_waiting.insert(id, Waiting{std::move(next.path), std::move(next.done)});
        added = true;
    }
    // A cold load queues thousands of requests at once; the queue keeps its size after it drains
    // (10,000 reads left ~1 MB) unless given back.
    if (m_queued.isEmpty() && m_queued.capacity() > kWindow)
        m_queued = {};
    if (added)
        writeOut();
}

void XenstoreWireConnection::writeOut()
{
    while (!m_output.isEmpty() && isOpen()) {
        const ssize_t n = withoutInterrupts(
            [this] { return ::write(m_fd, m_output.constData(), size_t(m_output.size())); });
        if (n < 0) {
            failUnlessWouldBlock(errno == EPIPE ? ECONNRESET : errno, "writing to");
            break;
        }
        m_output.remove(0, n);
    }
    if (isOpen())
        m_writeNotifier->setEnabled(!m_output.isEmpty());
}

void XenstoreWireConnection::onReadable()
{
    char buffer[65536];
    while (isOpen()) {
        const ssize_t n = withoutInterrupts([&] { return ::read(m_fd, buffer, sizeof buffer); });
        if (n == 0)
            return fail(Error{ECONNRESET, m_peer, QStringLiteral("xenstored closed the connection")});
        if (n < 0) {
            failUnlessWouldBlock(errno, "reading from");
            break;
        }
        m_reader.append(buffer, n);
        while (auto message = m_reader.next()) {
            dispatch(*message);
            if (!isOpen())
                return;
        }
        if (m_reader.failed())
            return fail(Error{EPROTO, m_peer, m_reader.errorString()});
    }
    if (!isOpen())
        return;
    sendQueued(); // replies freed room in the window
    emit drained();
}

void XenstoreWireConnection::failUnlessWouldBlock(int code, const char *what)
{
    if (code == EAGAIN || code == EWOULDBLOCK)
        return; // the notifier says when to go on
    fail(Error{code, m_peer,
               QStringLiteral("%1 xenstored failed: %2")
                   .arg(QLatin1String(what), QString::fromLocal8Bit(strerror(code)))});
}

void XenstoreWireConnection::dispatch(const xswire::Message &message)
{
    if (message.kind() == xswire::Type::WatchEvent) {
        const QList<QByteArray> parts = message.strings();
        if (parts.size() >= 2)
            emit watchEvent(QString::fromUtf8(parts[0]), QString::fromUtf8(parts[1]));
        return;
    }
    const auto it = m_waiting.find(message.requestId);
    if (it == m_waiting.end())
        return; // a reply nobody waits for (its request was abandoned): nothing to do
    const Waiting waiting = std::move(it.value());
    m_waiting.erase(it);
    if (message.kind() == xswire::Type::Error)
        waiting.done(replyError(message, waiting.path));
    else
        waiting.done(message);
}

void XenstoreWireConnection::fail(const Error &error)
{
    if (!isOpen())
        return;
    close(ENOTCONN);
    emit closed(error);
}

void XenstoreWireConnection::close(int code)
{
    if (m_fd < 0)
        return;
    m_readNotifier->setEnabled(false);
    m_writeNotifier->setEnabled(false);
    ::close(m_fd);
    m_fd = -1;
    m_output.clear();
    // Everyone still waiting hears it now; handlers may send again, which fails fast.
    const QHash<quint32, Waiting> waiting = std::exchange(m_waiting, {});
    const QQueue<Outgoing> queued = std::exchange(m_queued, {});
    const QString message = code == ECANCELED ? QStringLiteral("the connection to xenstored was closed")
                                              : QStringLiteral("the connection to xenstored was lost");
    for (const Waiting &w : waiting)
        w.done(Error{code, w.path, message});
    for (const Outgoing &o : queued)
        o.done(Error{code, o.path, message});
}

} // namespace clonedeck
