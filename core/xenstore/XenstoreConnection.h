#pragma once

// One connection to xenstored through the real libxenstore, synchronous and
// thread-affine: for processes that talk to ONE xenstore (clonectl, `gc` in guests,
// the control plane). Every call returns a value or an Error carrying errno and the
// path. Watch events are read from watchFd(), which a QSocketNotifier (or poll) waits on.
//
// libxenstore names its socket only through the process-wide XENSTORED_PATH variable,
// so a process fixes it once, before it starts threads: the first open() (or
// fixSocketPath()) sets it, and asking for another socket later is an error (EINVAL),
// never a rewrite of the environment under other threads. A process that talks to
// several xenstores uses the wire client (XenstoreClient) instead.
#include "Error.h"
#include "XenstoreTypes.h"

#include <QDeadlineTimer>
#include <QStringList>

#include <functional>
#include <memory>

struct xs_handle;

namespace clonedeck {

class XenstoreTransaction;

// What a connection and a transaction on it can both do: the same calls, within the
// transaction or outside any.
class XenstoreOperations
{
public:
    Result<QByteArray> read(const QString &path);
    Status write(const QString &path, const QByteArray &value);
    Result<QStringList> directory(const QString &path);
    Status remove(const QString &path);
    Status mkdir(const QString &path);

protected:
    XenstoreOperations(xs_handle *handle, unsigned int transaction);

    xs_handle *m_handle;
    unsigned int m_transaction; // 0: none (libxenstore's XBT_NULL)
};

class XenstoreConnection : public XenstoreOperations
{
public:
    // XENSTORED_PATH if set, else the dom0 socket if present, else /dev/xen/xenbus (a guest).
    static QString defaultSocketPath();
    // Fixes the socket this process's connections use (sets XENSTORED_PATH the first time);
    // EINVAL if another one was fixed before.
    static Status fixSocketPath(const QString &socketPath);
    static Result<std::unique_ptr<XenstoreConnection>> open(const QString &socketPath = {});
    ~XenstoreConnection();
    XenstoreConnection(const XenstoreConnection &) = delete;
    XenstoreConnection &operator=(const XenstoreConnection &) = delete;

    QString socketPath() const { return m_socketPath; }

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

    QString m_socketPath;
    QList<WatchEvent> m_queued; // events read while waiting for another
};

class XenstoreTransaction : public XenstoreOperations
{
private:
    friend class XenstoreConnection;
    XenstoreTransaction(xs_handle *handle, unsigned int id);
};

} // namespace clonedeck
