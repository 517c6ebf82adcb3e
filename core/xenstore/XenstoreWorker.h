#pragma once

// Lives on XenstoreClient's worker thread and owns its XenstoreConnection:
// runs the queued calls, watches the connection's fd with a QSocketNotifier,
// coalesces watch bursts, and reconnects with backoff when the daemon goes away.
#include "LivenessProbe.h"
#include "XenstoreClient.h"
#include "XenstoreConnection.h"

#include <QObject>
#include <QSet>
#include <QTimer>

#include <functional>
#include <memory>

class QSocketNotifier;

namespace clonedeck {

class XenstoreWorker : public QObject
{
    Q_OBJECT
public:
    explicit XenstoreWorker(QString socketPath);
    ~XenstoreWorker() override;

    // Runs fn with the live connection, or reports ENOTCONN without calling it. Worker thread only.
    template<typename T>
    Result<T> withConnection(const std::function<Result<T>(XenstoreConnection &)> &fn)
    {
        if (!m_connection)
            return Error{ENOTCONN, m_socketPath, QStringLiteral("not connected to xenstored")};
        Result<T> result = fn(*m_connection);
        if (!result && isConnectionError(result.error().code))
            connectionLost(result.error());
        return result;
    }

    void connectNow();
    void addWatch(const QString &path, const QString &token);
    void removeWatch(const QString &path, const QString &token);
    void shutdown();

signals:
    void stateChanged(clonedeck::XenstoreClient::State state, int retryInMs);
    void nodesChanged(const QString &token, const QList<clonedeck::NodeChange> &changes);
    void resynced();
    void errorOccurred(const clonedeck::Error &error);

private:
    static bool isConnectionError(int code);
    void onWatchReadable();
    void connectionLost(const Error &error);
    void scheduleReconnect();

    QString m_socketPath;
    std::unique_ptr<XenstoreConnection> m_connection;
    QSocketNotifier *m_notifier = nullptr;
    LivenessProbe *m_liveness = nullptr;
    QSet<QPair<QString, QString>> m_watches; // (path, token), re-registered on reconnect
    QTimer m_reconnectTimer;
    int m_backoffMs = 100;
    bool m_everConnected = false;
    bool m_shuttingDown = false;
};

} // namespace clonedeck
