#include "AgentOutputQueue.h"

#include <algorithm>

namespace clonedeck {

AgentOutputQueue::AgentOutputQueue(qint64 window)
    : m_window(std::max<qint64>(1, window))
{}

void AgentOutputQueue::receive(AgentStream stream, const char *data, qint64 size)
{
    if (size <= 0)
        return;
    m_received += size;
    m_pendingBytes += size;
    // Consecutive packets of one stream become one chunk: fewer, larger hand-overs.
    if (!m_pending.empty() && m_pending.back().stream == stream && m_pending.back().data.size() < 64 * 1024)
        m_pending.back().data.append(data, size);
    else
        m_pending.push_back(Chunk{stream, QByteArray(data, size)});
}

std::optional<AgentOutputQueue::Chunk> AgentOutputQueue::take()
{
    const qint64 room = m_window - m_unacknowledged;
    if (m_pending.empty() || room <= 0)
        return std::nullopt;
    Chunk &front = m_pending.front();
    Chunk chunk{front.stream, {}};
    if (front.data.size() <= room) {
        chunk.data = std::move(front.data);
        m_pending.pop_front();
    } else {
        chunk.data = front.data.left(room);
        front.data.remove(0, room);
    }
    m_pendingBytes -= chunk.data.size();
    m_unacknowledged += chunk.data.size();
    return chunk;
}

void AgentOutputQueue::acknowledge(qint64 bytes)
{
    m_unacknowledged = std::max<qint64>(0, m_unacknowledged - std::max<qint64>(0, bytes));
}

bool AgentOutputQueue::updatePause()
{
    const bool paused = m_paused ? held() > m_window / 2 : held() >= m_window;
    if (paused == m_paused)
        return false;
    m_paused = paused;
    return true;
}

} // namespace clonedeck
