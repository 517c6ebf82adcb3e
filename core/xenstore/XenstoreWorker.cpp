#include "XenstoreWorker.h"

#include "Log.h"

#include <QSocketNotifier>

namespace clonedeck {

namespace {
constexpr int kInitialBackoffMs = 100;
constexpr int kMaxBackoffMs = 5000;
// A burst is handed over in slices of at most this many changes, each as soon as it is read:
// the receiving (GUI) thread applies one slice while this thread reads the next, instead of
// waiting for the whole burst and then stalling on thousands of changes at once.
constexpr int kMaxChangesPerBatch = 128;
} // namespace

XenstoreWorker::XenstoreWorker(QString socketPath)
    : m_socketPath(std::move(socketPath))
    , m_liveness(new LivenessProbe(this))
    , m_reconnectTimer(this) // children, so they move to the worker thread with us
{
    connect(m_liveness, &LivenessProbe::lost, this, [this] {
        connectionLost(Error{ECONNRESET, m_socketPath, QStringLiteral("xenstored went away")});
    });
    m_reconnectTimer.setSingleShot(true);
    connect(&m_reconnectTimer, &QTimer::timeout, this, &XenstoreWorker::connectNow);
}

XenstoreWorker::~XenstoreWorker() = default;

bool XenstoreWorker::isConnectionError(int code)
{
    return code == ENOTCONN || code == ECONNRESET || code == EPIPE || code == EBADF || code == ECONNREFUSED ||
           code == EIO || code == ESHUTDOWN;
}

void XenstoreWorker::shutdown()
{
    m_shuttingDown = true;
    m_reconnectTimer.stop();
    delete m_notifier;
    m_notifier = nullptr;
    m_liveness->stop();
    m_connection.reset();
}

void XenstoreWorker::connectNow()
{
    if (m_shuttingDown || m_connection)
        return;
    emit stateChanged(
        m_everConnected ? XenstoreClient::State::Reconnecting : XenstoreClient::State::Connecting, 0);
    auto connection = XenstoreConnection::open(m_socketPath);
    if (!connection) {
        spdlog::warn("xenstore: cannot connect to {}: {}", m_socketPath, connection.error().toString());
        emit errorOccurred(connection.error());
        scheduleReconnect();
        return;
    }
    m_connection = std::move(connection).value();
    // Watches first, then the notifier: the registration events tell consumers to (re)load.
    for (const auto &[path, token] : std::as_const(m_watches)) {
        if (auto watched = m_connection->watch(path, token); !watched) {
            connectionLost(watched.error());
            return;
        }
    }
    m_notifier = new QSocketNotifier(m_connection->watchFd(), QSocketNotifier::Read, this);
    connect(m_notifier, &QSocketNotifier::activated, this, &XenstoreWorker::onWatchReadable);
    m_liveness->watch(m_socketPath);
    m_backoffMs = kInitialBackoffMs;
    const bool reconnected = m_everConnected;
    m_everConnected = true;
    spdlog::info("xenstore: connected to {}", m_socketPath);
    emit stateChanged(XenstoreClient::State::Connected, 0);
    if (reconnected)
        emit resynced();
}

void XenstoreWorker::scheduleReconnect()
{
    if (m_shuttingDown)
        return;
    emit stateChanged(m_everConnected ? XenstoreClient::State::Reconnecting
                                      : XenstoreClient::State::Disconnected,
                      m_backoffMs);
    m_reconnectTimer.start(m_backoffMs);
    m_backoffMs = std::min(m_backoffMs * 2, kMaxBackoffMs);
}

void XenstoreWorker::connectionLost(const Error &error)
{
    if (!m_connection)
        return;
    spdlog::warn("xenstore: connection to {} lost: {}", m_socketPath, error.toString());
    delete m_notifier;
    m_notifier = nullptr;
    m_liveness->stop();
    m_connection.reset();
    emit errorOccurred(
        Error{ENOTCONN, m_socketPath, QStringLiteral("connection to xenstored lost: ") + error.message});
    scheduleReconnect();
}

void XenstoreWorker::addWatch(const QString &path, const QString &token)
{
    m_watches.insert({path, token});
    if (m_connection) {
        if (auto watched = m_connection->watch(path, token);
            !watched && isConnectionError(watched.error().code))
            connectionLost(watched.error());
    }
}

void XenstoreWorker::removeWatch(const QString &path, const QString &token)
{
    m_watches.remove({path, token});
    if (m_connection)
        m_connection->unwatch(path, token);
}

void XenstoreWorker::onWatchReadable()
{
    if (!m_connection)
        return;
    // Drain everything pending, then read each changed path once: a burst of a thousand
    // writes to one node costs one read and one signal; a burst over thousands of nodes
    // arrives in slices of kMaxChangesPerBatch.
    QList<WatchEvent> events = m_connection->takeWatchEvents();
    if (events.isEmpty()) {
        if (!m_connection->isAlive())
            connectionLost(Error{ENOTCONN, m_socketPath, QStringLiteral("xenstored closed the connection")});
        return;
    }
    QHash<QString, QList<NodeChange>> byToken;
    QHash<QString, QSet<QString>> seen;
    for (const WatchEvent &event : std::as_const(events)) {
        if (seen[event.token].contains(event.path))
            continue;
        seen[event.token].insert(event.path);
        NodeChange change{event.path, std::nullopt};
        auto value = m_connection->read(event.path);
        if (value) {
            change.value = std::move(value).value();
        } else if (value.error().code != ENOENT && value.error().code != EACCES) {
            if (isConnectionError(value.error().code)) {
                connectionLost(value.error());
                return;
            }
        }
        QList<NodeChange> &batch = byToken[event.token];
        batch.append(change);
        if (batch.size() >= kMaxChangesPerBatch)
            emit nodesChanged(event.token, std::exchange(batch, {}));
    }
    for (auto it = byToken.begin(); it != byToken.end(); ++it) {
        if (!it.value().isEmpty())
            emit nodesChanged(it.key(), it.value());
    }
}

} // namespace clonedeck
