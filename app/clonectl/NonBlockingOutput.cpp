#include "NonBlockingOutput.h"

#include "Log.h"

#include <QSocketNotifier>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

namespace clonedeck::cli {

NonBlockingOutput::NonBlockingOutput(int fd, QObject *parent)
    : QObject(parent)
    , m_fd(fd)
    , m_originalFd(fd)
{
    struct stat status
    {
    };
    if (::fstat(fd, &status) != 0)
        return;
    if (S_ISSOCK(status.st_mode)) {
        m_socket = true;
    } else if (S_ISFIFO(status.st_mode) || S_ISCHR(status.st_mode)) {
        // A new open file description of the same pipe: O_NONBLOCK on it is ours alone.
        const QByteArray path = "/proc/self/fd/" + QByteArray::number(fd);
        m_ownedFd = ::open(path.constData(), O_WRONLY | O_NONBLOCK | O_CLOEXEC);
        if (m_ownedFd >= 0)
            m_fd = m_ownedFd;
        else
            spdlog::warn("cannot reopen descriptor {} non-blocking ({}): writing it blocking", fd,
                         std::strerror(errno));
    }
    if (m_fd == m_ownedFd || m_socket) {
        m_notifier = new QSocketNotifier(m_fd, QSocketNotifier::Write, this);
        m_notifier->setEnabled(false);
        connect(m_notifier, &QSocketNotifier::activated, this, &NonBlockingOutput::flush);
    }
}

NonBlockingOutput::~NonBlockingOutput()
{
    if (m_ownedFd >= 0)
        ::close(m_ownedFd);
}

void NonBlockingOutput::write(AgentSessionId id, const QByteArray &data)
{
    if (data.isEmpty())
        return;
    if (m_broken) {
        emit written(id, data.size());
        return;
    }
    m_queue.push_back(Chunk{id, data, 0});
    m_pending += data.size();
    if (m_queue.size() == 1)
        flush();
}

qint64 NonBlockingOutput::writeSome(const char *data, qint64 size)
{
    if (m_socket)
        return ::send(m_fd, data, size_t(size), MSG_DONTWAIT | MSG_NOSIGNAL);
    return ::write(m_fd, data, size_t(size));
}

void NonBlockingOutput::flush()
{
    while (!m_queue.empty()) {
        Chunk &chunk = m_queue.front();
        const qint64 n = writeSome(chunk.data.constData() + chunk.offset, chunk.data.size() - chunk.offset);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            if (!m_everFull) {
                m_everFull = true;
                spdlog::info("descriptor {} is full: the agent's output now waits for its reader",
                             m_originalFd);
            }
            m_notifier->setEnabled(true); // only non-blocking descriptors report EAGAIN
            return;
        }
        if (n < 0) {
            breakWith(QString::fromLocal8Bit(std::strerror(errno)));
            return;
        }
        chunk.offset += n;
        m_pending -= n;
        const AgentSessionId id = chunk.id;
        if (chunk.offset == chunk.data.size())
            m_queue.pop_front();
        emit written(id, n);
    }
    if (m_notifier != nullptr)
        m_notifier->setEnabled(false);
    emit drained();
}

void NonBlockingOutput::breakWith(const QString &reason)
{
    m_broken = true;
    if (m_notifier != nullptr)
        m_notifier->setEnabled(false);
    std::deque<Chunk> discarded;
    discarded.swap(m_queue);
    m_pending = 0;
    emit broken(reason);
    for (const Chunk &chunk : discarded)
        emit written(chunk.id, chunk.data.size() - chunk.offset);
    emit drained();
}

} // namespace clonedeck::cli
