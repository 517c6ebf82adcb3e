#pragma once

// One of clonectl's output descriptors (stdout, stderr) written without ever blocking the
// event loop: what the descriptor does not take now waits here until it is writable again,
// and written() says how much of whose data it took, so the sender acknowledges exactly that.
// The queue is bounded by the senders' output windows, not here. Pipes and terminals are
// reopened through /proc/self/fd with O_NONBLOCK, so the flag never leaks to the shell or
// the CI server sharing the descriptor; sockets are sent to with MSG_DONTWAIT; regular files
// (which never make a writer wait for a reader) are written directly.
#include "AgentTypes.h"

#include <QByteArray>
#include <QObject>

#include <deque>

class QSocketNotifier;

namespace clonedeck::cli {

class NonBlockingOutput : public QObject
{
    Q_OBJECT
public:
    explicit NonBlockingOutput(int fd, QObject *parent = nullptr);
    ~NonBlockingOutput() override;

    void write(AgentSessionId id, const QByteArray &data);
    qint64 pendingBytes() const { return m_pending; }

signals:
    void written(clonedeck::AgentSessionId id, qint64 bytes);
    // The reader went away (EPIPE) or writing failed: later data is discarded (and reported
    // written, so no sender waits for it).
    void broken(const QString &reason);
    void drained(); // nothing pending any more

private:
    struct Chunk
    {
        AgentSessionId id = 0;
        QByteArray data;
        qsizetype offset = 0;
    };

    void flush();
    qint64 writeSome(const char *data, qint64 size);
    void breakWith(const QString &reason);

    int m_fd = -1;
    int m_originalFd = -1;
    int m_ownedFd = -1; // our own non-blocking open of the same pipe or terminal
    bool m_socket = false;
    bool m_broken = false;
    bool m_everFull = false;
    std::deque<Chunk> m_queue;
    qint64 m_pending = 0;
    QSocketNotifier *m_notifier = nullptr;
};

} // namespace clonedeck::cli
