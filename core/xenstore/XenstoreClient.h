#pragma once

// The asynchronous, thread-safe xenstore client: ONE connection to one xenstored,
// owned by the client's worker thread and spoken over xenstore's wire protocol
// (XenstoreWire) on a stream from an XenstoreTransport, so requests are pipelined
// and nothing of it touches the process's environment. Results come back as
// QFutures resolved on the worker thread (use .then(context, ...) to continue on
// yours) or as queued signals. Watches are persistent: each changed node is read
// once per burst and delivered through nodesChanged (in slices of at most 128
// changes when a burst spans more nodes), and registered again after every
// reconnect. A lost connection fails pending calls with ENOTCONN at once, goes to
// Reconnecting with exponential backoff (100 ms doubling to 5 s), and emits
// resynced() once connected again with every watch back in place.
#include "Error.h"
#include "XenstoreTypes.h"

#include <QFuture>
#include <QHash>
#include <QObject>
#include <QStringList>

#include <memory>

class QThread;

namespace clonedeck {

class XenstoreTransport;
class XenstoreWorker;

class XenstoreClient : public QObject
{
    Q_OBJECT
public:
    using State = ConnectionState;

    // Connects when started with a transport.
    explicit XenstoreClient(QObject *parent = nullptr);
    // A xenstored on this host, reached by start(): its socket (empty: XENSTORED_PATH, else the system's).
    explicit XenstoreClient(const QString &socketPath, QObject *parent = nullptr);
    ~XenstoreClient() override;

    // Connects through the transport, and again through it whenever the connection is lost. Once.
    void start(std::unique_ptr<XenstoreTransport> transport);
    void start(); // the socket given to the constructor
    State state() const { return m_state; }
    // Where the connection leads: unix:///path (later ssh://user@host/path).
    QString uri() const { return m_uri; }

    QFuture<Result<QByteArray>> read(const QString &path);
    QFuture<Status> write(const QString &path, const QByteArray &value);
    QFuture<Result<QStringList>> directory(const QString &path);
    QFuture<Status> remove(const QString &path);
    QFuture<Status> mkdir(const QString &path);
    QFuture<Status> setPermissions(const QString &path, const QList<XenstorePermission> &permissions);
    // Every child of path with its value (child name -> value); the reads are pipelined.
    QFuture<Result<QHash<QString, QByteArray>>> readChildren(const QString &path);
    // The same, one result per slice of at most 128 children as their replies arrive; a failure
    // (of the listing or of a read) is the last result. A QFutureWatcher's resultsReadyAt lets the
    // caller handle each slice while xenstored still answers the rest.
    QFuture<Result<ChildValues>> readChildrenInSlices(const QString &path);

    void watch(const QString &path, const QString &token);
    void unwatch(const QString &path, const QString &token);

signals:
    void stateChanged(clonedeck::ConnectionState state, int retryInMs);
    void nodesChanged(const QString &token, const QList<clonedeck::NodeChange> &changes);
    void resynced();
    void errorOccurred(const clonedeck::Error &error);

private:
    template<typename T, typename Call>
    QFuture<Result<T>> call(Call call);
    void onWorkerState(State state, int retryInMs);

    QString m_socketPath;
    QString m_uri;
    QThread *m_thread = nullptr;
    XenstoreWorker *m_worker = nullptr;
    State m_state = State::Disconnected;
    bool m_everConnected = false;
};

} // namespace clonedeck
