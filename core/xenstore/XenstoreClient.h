#pragma once

// The asynchronous, GUI-safe xenstore client. Every libxenstore call runs on the
// client's own worker thread; results come back as QFutures resolved there (use
// .then(context, ...) to continue on your thread) or as queued signals. Watches
// are persistent: delivered through a QSocketNotifier on the connection's fd,
// coalesced per path when they burst (each changed node is read once and the
// burst arrives as one nodesChanged, or as slices of at most 128 changes when
// it spans more nodes than that), and registered again after every
// reconnect. A lost connection fails pending calls with ENOTCONN at once, goes
// to Reconnecting with exponential backoff (100 ms doubling to 5 s), and emits
// resynced() once connected again with every watch back in place.
#include "Error.h"
#include "XenstoreTypes.h"

#include <QFuture>
#include <QHash>
#include <QObject>
#include <QStringList>

class QThread;

namespace clonedeck {

class XenstoreWorker;

class XenstoreClient : public QObject
{
    Q_OBJECT
public:
    enum class State
    {
        Disconnected,
        Connecting,
        Connected,
        Reconnecting
    };
    Q_ENUM(State)

    explicit XenstoreClient(QString socketPath = {}, QObject *parent = nullptr);
    ~XenstoreClient() override;

    void start();
    State state() const { return m_state; }
    QString socketPath() const { return m_socketPath; }

    QFuture<Result<QByteArray>> read(const QString &path);
    QFuture<Status> write(const QString &path, const QByteArray &value);
    QFuture<Result<QStringList>> directory(const QString &path);
    QFuture<Status> remove(const QString &path);
    QFuture<Status> mkdir(const QString &path);
    QFuture<Status> setPermissions(const QString &path, const QList<XenstorePermission> &permissions);
    // Every child of path with its value, in one worker round trip: child name -> value.
    QFuture<Result<QHash<QString, QByteArray>>> readChildren(const QString &path);

    void watch(const QString &path, const QString &token);
    void unwatch(const QString &path, const QString &token);

signals:
    void stateChanged(clonedeck::XenstoreClient::State state, int retryInMs);
    void nodesChanged(const QString &token, const QList<clonedeck::NodeChange> &changes);
    void resynced();
    void errorOccurred(const clonedeck::Error &error);

private:
    void onWorkerState(State state, int retryInMs);

    QString m_socketPath;
    QThread *m_thread = nullptr;
    XenstoreWorker *m_worker = nullptr;
    State m_state = State::Disconnected;
};

} // namespace clonedeck
