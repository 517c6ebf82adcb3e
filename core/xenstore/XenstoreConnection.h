#pragma once

// One connection to xenstored through the real libxenstore, synchronous and
// thread-affine: for the command line and for worker threads. Every call
// returns a value or an Error carrying errno and the path. Watch events are
// read from watchFd(), which a QSocketNotifier (or poll) waits on.
#include "Error.h"
#include "XenstoreTypes.h"

#include <QDeadlineTimer>
#include <QStringList>

#include <functional>
#include <memory>

struct xs_handle;

namespace clonedeck {

class XenstoreTransaction;

class XenstoreConnection
{
public:
    // XENSTORED_PATH if set, else the dom0 socket if present, else /dev/xen/xenbus (a guest).
    static QString defaultSocketPath();
    static Result<std::unique_ptr<XenstoreConnection>> open(const QString &socketPath = {});
    ~XenstoreConnection();
    XenstoreConnection(const XenstoreConnection &) = delete;
    XenstoreConnection &operator=(const XenstoreConnection &) = delete;

    QString socketPath() const { return m_socketPath; }

    Result<QByteArray> read(const QString &path);
    Status write(const QString &path, const QByteArray &value);
    Result<QStringList> directory(const QString &path);
    Status remove(const QString &path);
    Status mkdir(const QString &path);
    Result<QList<XenstorePermission>> permissions(const QString &path);
    Status setPermissions(const QString &path, const QList<XenstorePermission> &permissions);

    // Runs body inside a transaction; when the commit fails with EAGAIN (another writer got
    // there first) the whole body runs again, up to maxRetries times. retries reports how many.
    Status transaction(const std::function<Status(XenstoreTransaction &)> &body, int maxRetries = 16,
                       int *retries = nullptr);

    Status watch(const QString &path, const QString &token);
    Status unwatch(const QString &path, const QString &token);
    int watchFd() const;
    QList<WatchEvent> takeWatchEvents();
    Result<WatchEvent> waitWatchEvent(QDeadlineTimer deadline);
    bool isAlive();

private:
    XenstoreConnection(xs_handle *handle, QString socketPath);
    friend class XenstoreTransaction;

    xs_handle *m_handle;
    QString m_socketPath;
    QList<WatchEvent> m_queued; // events read while waiting for another
};

class XenstoreTransaction
{
public:
    Result<QByteArray> read(const QString &path);
    Status write(const QString &path, const QByteArray &value);
    Result<QStringList> directory(const QString &path);
    Status remove(const QString &path);
    Status mkdir(const QString &path);

private:
    friend class XenstoreConnection;
    XenstoreTransaction(XenstoreConnection &connection, unsigned int id);
    XenstoreConnection &m_connection;
    unsigned int m_id;
};

} // namespace clonedeck
