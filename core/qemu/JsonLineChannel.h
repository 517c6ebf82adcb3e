#pragma once

// A non-blocking unix stream socket that carries one JSON document per line, as
// QEMU's monitor (QMP) and guest agent (QGA) speak. It can attach a file
// descriptor to a message (SCM_RIGHTS), which is how QMP receives the files a
// migration writes to and reads from, so no shell command ever names a path.
// Connecting retries until the socket exists and accepts, within a deadline,
// because QEMU creates its sockets a moment after it starts.
#include "Error.h"

#include <QByteArray>
#include <QDeadlineTimer>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QTimer>

class QSocketNotifier;

namespace clonedeck {

class JsonLineChannel : public QObject
{
    Q_OBJECT
public:
    explicit JsonLineChannel(QObject *parent = nullptr);
    ~JsonLineChannel() override;

    // Asynchronous: connected() or failed() follows, never from inside this call.
    void connectTo(const QString &path, int timeoutMs);
    bool isConnected() const { return m_fd >= 0 && m_connected; }
    void close();

    // Queues `document` as one line, with `fd` (duplicated here) attached to its first byte.
    void send(const QJsonObject &document, int fd = -1);
    // Queues raw bytes (QGA's 0xFF resynchronisation marker).
    void sendRaw(const QByteArray &bytes);

    static constexpr qsizetype kMaxLineBytes = 8 * 1024 * 1024;

signals:
    void connected();
    void failed(const clonedeck::Error &error); // could not connect, or the peer went away
    void documentReceived(const QJsonObject &document);
    void garbageReceived(const QByteArray &line); // a line that is not a JSON object

private:
    struct Chunk
    {
        QByteArray bytes;
        int fd = -1; // owned; sent with the chunk's first byte
    };

    void tryConnect();
    void onReadable();
    void onWritable();
    void flush();
    void fail(const Error &error);

    QString m_path;
    QDeadlineTimer m_deadline;
    QTimer m_retry;
    int m_fd = -1;
    bool m_connected = false;
    QSocketNotifier *m_readNotifier = nullptr;
    QSocketNotifier *m_writeNotifier = nullptr;
    QByteArray m_input;
    QList<Chunk> m_output;
};

} // namespace clonedeck
