#pragma once

// Lives on XenstoreClient's worker thread and owns its one connection to xenstored
// (an XenstoreWireConnection over a stream from the transport): runs the calls, keeps
// the watches (registered again after every reconnect), reads each changed node once
// per burst, and reconnects with backoff (100 ms doubling to 5 s) when the stream ends.
#include "XenstoreTransport.h"
#include "XenstoreTypes.h"
#include "XenstoreWire.h"

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QTimer>

#include <functional>
#include <memory>

namespace clonedeck {

class XenstoreWireConnection;

class XenstoreWorker : public QObject
{
    Q_OBJECT
public:
    template<typename T>
    using Then = std::function<void(Result<T>)>;

    XenstoreWorker();
    ~XenstoreWorker() override;

    // Worker thread only, all of them; each `then` runs later on this thread.
    void start(std::unique_ptr<XenstoreTransport> transport);
    void shutdown();
    void read(const QString &path, Then<QByteArray> done);
    void write(const QString &path, const QByteArray &value, Then<Done> done);
    void directory(const QString &path, Then<QStringList> done);
    void remove(const QString &path, Then<Done> done);
    void mkdir(const QString &path, Then<Done> done);
    void setPermissions(const QString &path, const QList<XenstorePermission> &permissions, Then<Done> done);
    // Every child of path with its value, handed to `slice` as the replies arrive (at most 128 at a
    // time), then `done` once after the last slice: Done, or what failed.
    void readChildren(const QString &path, std::function<void(ChildValues)> slice, Then<Done> done);
    void addWatch(const QString &path, const QString &token);
    void removeWatch(const QString &path, const QString &token);

signals:
    void errorOccurred(const clonedeck::Error &error);
    void stateChanged(clonedeck::ConnectionState state, int retryInMs);
    void nodesChanged(const QString &token, const QList<clonedeck::NodeChange> &changes);

private:
    using Watch = QPair<QString, QString>; // (path, token)
    struct PendingRead                     // a changed node being read for its watchers
    {
        bool again = false; // changed again while the read was out: read it once more
    };

    void send(xswire::Type type, const QByteArray &payload, const QString &path,
              std::function<void(Result<xswire::Message>)> done);
    void directoryPart(const QString &path, int offset, QByteArray generation, QByteArray names,
                       Then<QStringList> done);
    void onWatchEvent(const QString &path, const QString &token);
    void readChanged(const Watch &watch);
    void flushChanges();
    void connectNow();
    void onClosed(const Error &error);
    void scheduleReconnect();

    std::unique_ptr<XenstoreTransport> m_transport;
    QString m_uri;
    QPointer<XenstoreWireConnection> m_connection;
    QSet<Watch> m_watches; // registered again on reconnect
    QHash<Watch, PendingRead> m_changedReads;
    QHash<QString, QList<NodeChange>> m_changes; // read, not yet handed over, per token
    QTimer m_reconnectTimer;
    int m_backoffMs = 100;
    bool m_everConnected = false;
    bool m_shuttingDown = false;
};

} // namespace clonedeck
