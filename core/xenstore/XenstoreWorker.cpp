#include "XenstoreWorker.h"

#include "Log.h"
#include "XenstoreWireConnection.h"

namespace clonedeck {

namespace {
constexpr int kInitialBackoffMs = 100;
constexpr int kMaxBackoffMs = 5000;
// A burst (and a listing's values) is handed over in slices of at most this many, each as soon as it is read:
// the receiving (GUI) thread applies one slice while this thread reads the next, instead of
// waiting for the whole burst and then stalling on thousands of changes at once.
constexpr int kMaxChangesPerBatch = 128;

bool isConnectionError(int code)
{
    return code == ENOTCONN || code == ECONNRESET || code == ECANCELED || code == EPIPE || code == EPROTO;
}

template<typename T>
using Then = XenstoreWorker::Then<T>;

// A reply that carries nothing but OK.
std::function<void(Result<xswire::Message>)> expectOk(Then<Done> done)
{
    return [done = std::move(done)](Result<xswire::Message> reply) {
        done(reply ? Status(Done{}) : Status(reply.error()));
    };
}

QList<QByteArray> names(const QByteArray &payload)
{
    return xswire::Message{0, 0, 0, payload}.strings();
}
} // namespace

XenstoreWorker::XenstoreWorker()
    : m_reconnectTimer(this) // a child, so it moves to the worker thread with us
{
    m_reconnectTimer.setSingleShot(true);
    connect(&m_reconnectTimer, &QTimer::timeout, this, &XenstoreWorker::connectNow);
}

XenstoreWorker::~XenstoreWorker() = default;

void XenstoreWorker::shutdown()
{
    m_shuttingDown = true;
    m_reconnectTimer.stop();
    delete m_connection; // fails what still waits, so no caller's future hangs
}

void XenstoreWorker::start(std::unique_ptr<XenstoreTransport> transport)
{
    if (m_transport)
        return;
    m_transport = std::move(transport);
    m_uri = m_transport->uri();
    connectNow();
}

void XenstoreWorker::connectNow()
{
    if (m_shuttingDown || m_connection || !m_transport)
        return;
    emit stateChanged(m_everConnected ? ConnectionState::Reconnecting : ConnectionState::Connecting, 0);
    auto fd = m_transport->connect();
    if (!fd) {
        spdlog::warn("xenstore: cannot connect to {}: {}", m_uri, fd.error().toString());
        emit errorOccurred(fd.error());
        scheduleReconnect();
        return;
    }
    m_connection = new XenstoreWireConnection(*fd, m_uri, this);
    connect(m_connection, &XenstoreWireConnection::watchEvent, this, &XenstoreWorker::onWatchEvent);
    connect(m_connection, &XenstoreWireConnection::drained, this, &XenstoreWorker::flushChanges);
    connect(m_connection, &XenstoreWireConnection::closed, this, &XenstoreWorker::onClosed);
    // The watches go out first: their registration events tell consumers to (re)load.
    for (const auto &[path, token] : std::as_const(m_watches))
        addWatch(path, token);
    m_backoffMs = kInitialBackoffMs;
    m_everConnected = true;
    spdlog::info("xenstore: connected to {}", m_uri);
    emit stateChanged(ConnectionState::Connected, 0); // after a loss, the client says resynced()
}

void XenstoreWorker::scheduleReconnect()
{
    if (m_shuttingDown)
        return;
    emit stateChanged(m_everConnected ? ConnectionState::Reconnecting : ConnectionState::Disconnected,
                      m_backoffMs);
    m_reconnectTimer.start(m_backoffMs);
    m_backoffMs = std::min(m_backoffMs * 2, kMaxBackoffMs);
}

void XenstoreWorker::onClosed(const Error &error)
{
    spdlog::warn("xenstore: connection to {} lost: {}", m_uri, error.toString());
    m_connection->deleteLater(); // we are inside its signal
    m_connection = nullptr;
    m_changedReads.clear();
    m_changes.clear(); // what the resync reloads
    emit errorOccurred(
        Error{ENOTCONN, m_uri, QStringLiteral("connection to xenstored lost: ") + error.message});
    scheduleReconnect();
}

void XenstoreWorker::send(xswire::Type type, const QByteArray &payload, const QString &path,
                          std::function<void(Result<xswire::Message>)> done)
{
    if (!m_connection)
        return XenstoreWireConnection::answerLater(
            this, std::move(done), Error{ENOTCONN, path, QStringLiteral("not connected to xenstored")});
    m_connection->request(type, payload, path, std::move(done));
}

void XenstoreWorker::read(const QString &path, Then<QByteArray> done)
{
    send(xswire::Type::Read, xswire::pathPayload(path), path,
         [done = std::move(done)](Result<xswire::Message> reply) {
             done(reply ? Result<QByteArray>(reply->payload) : Result<QByteArray>(reply.error()));
         });
}

void XenstoreWorker::write(const QString &path, const QByteArray &value, Then<Done> done)
{
    send(xswire::Type::Write, xswire::writePayload(path, value), path, expectOk(std::move(done)));
}

void XenstoreWorker::remove(const QString &path, Then<Done> done)
{
    send(xswire::Type::Rm, xswire::pathPayload(path), path, expectOk(std::move(done)));
}

void XenstoreWorker::mkdir(const QString &path, Then<Done> done)
{
    send(xswire::Type::Mkdir, xswire::pathPayload(path), path, expectOk(std::move(done)));
}

void XenstoreWorker::setPermissions(const QString &path, const QList<XenstorePermission> &permissions,
                                    Then<Done> done)
{
    QByteArray payload = xswire::pathPayload(path);
    for (const XenstorePermission &permission : permissions) {
        payload += permission.toString().toLatin1();
        payload += '\0';
    }
    send(xswire::Type::SetPerms, payload, path, expectOk(std::move(done)));
}

void XenstoreWorker::directory(const QString &path, Then<QStringList> done)
{
    send(xswire::Type::Directory, xswire::pathPayload(path), path,
         [this, path, done = std::move(done)](Result<xswire::Message> reply) {
             if (!reply && reply.error().code == E2BIG)
                 return directoryPart(path, 0, {}, {}, done); // more names than one reply holds
             if (!reply)
                 return done(reply.error());
             QStringList list;
             for (const QByteArray &name : names(reply->payload))
                 list.append(QString::fromUtf8(name));
             done(list);
         });
}

// A directory too large for one reply comes in parts (XS_DIRECTORY_PART, as libxenstore reads
// it): each part starts with the node's generation and continues at a byte offset into the
// NUL-separated names; the last ends with an empty name. A changed generation starts over.
void XenstoreWorker::directoryPart(const QString &path, int offset, QByteArray generation,
                                   QByteArray collected, Then<QStringList> done)
{
    QByteArray payload = xswire::pathPayload(path);
    payload += QByteArray::number(offset);
    payload += '\0';
    send(xswire::Type::DirectoryPart, payload, path,
         [this, path, offset, generation, collected,
          done = std::move(done)](Result<xswire::Message> reply) mutable {
             if (!reply)
                 return done(reply.error());
             const qsizetype end = reply->payload.indexOf('\0');
             if (end < 0)
                 return done(Error{EPROTO, path, QStringLiteral("a directory part without a generation")});
             const QByteArray partGeneration = reply->payload.left(end);
             if (offset > 0 && partGeneration != generation)
                 return directoryPart(path, 0, {}, {}, std::move(done)); // changed meanwhile
             const QByteArray part = reply->payload.mid(end + 1);
             collected += part;
             if (part.size() <= 1 || part.endsWith(QByteArray("\0\0", 2))) {
                 QStringList list;
                 for (const QByteArray &name : names(collected)) {
                     if (!name.isEmpty())
                         list.append(QString::fromUtf8(name));
                 }
                 return done(list);
             }
             directoryPart(path, int(collected.size()), partGeneration, collected, std::move(done));
         });
}

void XenstoreWorker::readChildren(const QString &path, std::function<void(ChildValues)> slice,
                                  Then<Done> done)
{
    // One state for every read of the listing (not a copy of the callbacks in each of thousands).
    struct Collect
    {
        std::function<void(ChildValues)> slice;
        Then<Done> done;
        ChildValues pending; // read, not yet handed over
        qsizetype waiting = 0;
        std::optional<Error> error;
    };
    auto collect = std::make_shared<Collect>(Collect{std::move(slice), std::move(done), {}, 0, {}});
    directory(path, [this, path, collect](Result<QStringList> children) {
        if (!children)
            return collect->done(children.error());
        if (children->isEmpty())
            return collect->done(Done{});
        // Every read goes out at once: the connection keeps a window of them in flight. Values are
        // handed over in slices as they come, so the consumer parses them while xenstored still
        // answers the rest (a cold load of 10,000 records: xenstored is the slower side).
        collect->waiting = children->size();
        const QString prefix = path + QLatin1Char('/');
        for (const QString &name : std::as_const(*children)) {
            read(prefix + name, [collect, name](Result<QByteArray> value) {
                if (value)
                    collect->pending.append(ChildValue{name, std::move(value).value()});
                else if (value.error().code != ENOENT && !collect->error)
                    collect->error = value.error(); // a node that vanished in between is simply not there
                const bool last = --collect->waiting == 0;
                if (!collect->pending.isEmpty() && (last || collect->pending.size() >= kMaxChangesPerBatch))
                    collect->slice(std::exchange(collect->pending, {}));
                if (last)
                    collect->done(collect->error ? Status(*collect->error) : Status(Done{}));
            });
        }
    });
}

void XenstoreWorker::addWatch(const QString &path, const QString &token)
{
    m_watches.insert({path, token});
    if (!m_connection)
        return; // registered when connected
    send(xswire::Type::Watch, xswire::watchPayload(path, token), path, [this](Result<xswire::Message> reply) {
        if (!reply && !isConnectionError(reply.error().code))
            emit errorOccurred(reply.error());
    });
}

void XenstoreWorker::removeWatch(const QString &path, const QString &token)
{
    m_watches.remove({path, token});
    if (m_connection)
        send(xswire::Type::Unwatch, xswire::watchPayload(path, token), path, [](Result<xswire::Message>) {});
}

void XenstoreWorker::onWatchEvent(const QString &path, const QString &token)
{
    const Watch watch{path, token};
    if (const auto it = m_changedReads.find(watch); it != m_changedReads.end()) {
        it->again = true; // one more read once this one is back, however many events came meanwhile
        return;
    }
    m_changedReads.insert(watch, PendingRead{});
    readChanged(watch);
}

void XenstoreWorker::readChanged(const Watch &watch)
{
    read(watch.first, [this, watch](Result<QByteArray> value) {
        const auto it = m_changedReads.find(watch);
        if (it == m_changedReads.end() || (!value && isConnectionError(value.error().code)))
            return; // the connection went: the resync reloads everything
        NodeChange change{watch.first, value ? std::optional<QByteArray>(*value) : std::nullopt};
        if (it->again) {
            it->again = false;
            readChanged(watch);
        } else {
            m_changedReads.erase(it);
        }
        QList<NodeChange> &batch = m_changes[watch.second];
        batch.append(std::move(change));
        if (batch.size() >= kMaxChangesPerBatch)
            emit nodesChanged(watch.second, std::exchange(batch, {}));
    });
}

void XenstoreWorker::flushChanges()
{
    for (auto it = m_changes.begin(); it != m_changes.end(); ++it) {
        if (!it.value().isEmpty())
            emit nodesChanged(it.key(), std::exchange(it.value(), {}));
    }
}

} // namespace clonedeck
