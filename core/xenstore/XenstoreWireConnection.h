#pragma once

// One open stream to xenstored, speaking its wire protocol (XenstoreWire): requests go
// out tagged with request ids and their replies are matched back, so many are in flight
// at once (a cold load reads thousands of records without a round trip each); watch
// events are handed on as they arrive. Non-blocking, driven by QSocketNotifiers on the
// thread it lives on. When the stream ends or breaks, every request still waiting fails
// with ENOTCONN and closed() says why; the object is then spent (XenstoreWorker
// reconnects with a new one).
#include "Error.h"
#include "XenstoreWire.h"

#include <QHash>
#include <QObject>
#include <QQueue>

#include <functional>

class QSocketNotifier;

namespace clonedeck {

class XenstoreWireConnection : public QObject
{
    Q_OBJECT
public:
    using ReplyHandler = std::function<void(Result<xswire::Message>)>;

    // Takes ownership of fd (connected, non-blocking).
    XenstoreWireConnection(int fd, QString peer, QObject *parent = nullptr);
    ~XenstoreWireConnection() override;

    bool isOpen() const { return m_fd >= 0; }
    // Sends a request; `done` gets the reply (an XS_ERROR reply becomes an Error carrying its errno
    // and `path`), or ENOTCONN/ECANCELED if the stream ends first. Runs on this thread, never from
    // inside this call.
    void request(xswire::Type type, const QByteArray &payload, const QString &path, ReplyHandler done);
    // Ends the stream now; requests still waiting fail with `code`.
    void close(int code = ECANCELED);
    // Gives `done` the error from context's event loop: a call is answered later, never from inside it.
    static void answerLater(QObject *context, ReplyHandler done, const Error &error);

    // At most this many requests wait for replies at once; more queue here. Bounds what either side
    // buffers; a cold load of 10,000 records saturates it.
    static constexpr int kWindow = 128;

signals:
    void watchEvent(const QString &path, const QString &token);
    // Everything the last read from the stream carried has been handed on.
    void drained();
    void closed(const clonedeck::Error &error);

private:
    struct Outgoing
    {
        xswire::Type type;
        QByteArray payload;
        QString path;
        ReplyHandler done;
    };
    struct Waiting
    {
        QString path;
        ReplyHandler done;
    };

    void sendQueued();
    void writeOut();
    void onReadable();
    void dispatch(const xswire::Message &message);
    void fail(const Error &error);
    // After a read or write failed with code: wait if it only would have blocked, else the stream is broken.
    void failUnlessWouldBlock(int code, const char *what);

    int m_fd;
    QString m_peer;
    QSocketNotifier *m_readNotifier;
    QSocketNotifier *m_writeNotifier;
    xswire::MessageReader m_reader;
    QByteArray m_output;
    QQueue<Outgoing> m_queued;
    QHash<quint32, Waiting> m_waiting;
    quint32 m_nextId = 1;
};

} // namespace clonedeck
