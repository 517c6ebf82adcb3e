#pragma once

// Several xenstore requests in flight at once, on a stream of their own, for a process that
// otherwise talks to xenstored through libxenstore one round trip at a time (the control
// plane). A batch goes out as one stream, at most kWindow requests awaiting replies, and its
// replies are read as they come, so the round trips overlap. Synchronous on purpose: run()
// returns once every request has its reply, so xenstored has applied the whole batch before
// anything the caller writes next, on this stream or any other (a reply a guest reads after
// the records it announces).
#include "Error.h"
#include "XenstoreTypes.h"
#include "XenstoreWire.h"

#include <QList>

#include <memory>

namespace clonedeck {

class XenstoreConnection;

// Requests to send together, in order; nothing is sent while they are added.
class XenstoreBatch
{
public:
    struct Request
    {
        xswire::Type type;
        QString path;
        QByteArray value;                      // Write
        QList<XenstorePermission> permissions; // SetPerms
        QByteArray payload() const;            // as libxenstore would send it
    };

    void write(const QString &path, const QByteArray &value);
    void mkdir(const QString &path);
    void remove(const QString &path); // a node that is not there is not an error
    void setPermissions(const QString &path, const QList<XenstorePermission> &permissions);

    const QList<Request> &requests() const { return m_requests; }
    bool isEmpty() const { return m_requests.isEmpty(); }
    void clear() { m_requests.clear(); }
    // The same requests one round trip each, through libxenstore: for when no pipeline is open.
    // Returns the ones xenstored refused, as XenstorePipeline::run does.
    QList<Error> runEach(XenstoreConnection &connection) const;

private:
    QList<Request> m_requests;
};

class XenstorePipeline
{
public:
    static Result<std::unique_ptr<XenstorePipeline>> open(const QString &socketPath);
    ~XenstorePipeline();
    XenstorePipeline(const XenstorePipeline &) = delete;
    XenstorePipeline &operator=(const XenstorePipeline &) = delete;

    bool isOpen() const { return m_fd >= 0; }
    // Sends the batch and reads every reply. Returns the requests that xenstored refused (each
    // Error names its path), or an Error if the stream broke or xenstored answered nothing for
    // `silenceMs` (a batch of any size may take longer, as long as replies keep coming): the
    // pipeline is then closed, and what the batch did is unknown.
    Result<QList<Error>> run(const XenstoreBatch &batch, int silenceMs);

    // Requests awaiting replies at once. Few on purpose: with 128 in flight while a 10,000-domain
    // platform grew, every later read of that tree took twice as long (xenstored 4.17 walks a
    // list of all domains for each node it reads, 60 % of its time then; the list's records
    // ended up spread through its heap, is the likely reason). With 4 the reads kept their
    // speed, and a 100-clone reply gained as much as with 16 or 128 (docs/performance-history.md,
    // session 10).
    static constexpr qsizetype kWindow = 4;

private:
    XenstorePipeline(int fd, QString socketPath);
    Error broken(int code, const QString &why);

    int m_fd;
    QString m_socketPath;
    quint32 m_nextId = 1;
};

} // namespace clonedeck
