#include "GuestOutput.h"

namespace clonedeck::bridge {

void GuestOutput::appendReply(QByteArray bytes, xswire::Message request, RequestEffect effect)
{
    m_unwrittenBytes += bytes.size();
    m_chunks.push_back(Chunk{std::move(bytes), std::move(request), std::move(effect), false});
}

void GuestOutput::appendEvent(QByteArray bytes)
{
    m_unwrittenBytes += bytes.size();
    m_unwrittenEventBytes += bytes.size();
    m_chunks.push_back(Chunk{std::move(bytes), std::nullopt, {}, true});
}

void GuestOutput::appendRaw(QByteArray bytes)
{
    if (bytes.isEmpty())
        return;
    m_unwrittenBytes += bytes.size();
    m_chunks.push_back(Chunk{std::move(bytes), std::nullopt, {}});
}

QByteArray GuestOutput::nextToWrite(qsizetype maxBytes) const
{
    if (m_firstUnwritten >= m_chunks.size())
        return {};
    QByteArray bytes = m_chunks[m_firstUnwritten].bytes.mid(m_writtenInFirst, maxBytes);
    for (size_t i = m_firstUnwritten + 1; i < m_chunks.size() && bytes.size() < maxBytes; ++i)
        bytes += m_chunks[i].bytes.first(std::min(m_chunks[i].bytes.size(), maxBytes - bytes.size()));
    return bytes;
}

void GuestOutput::written(qsizetype count)
{
    while (count > 0 && m_firstUnwritten < m_chunks.size()) {
        const Chunk &chunk = m_chunks[m_firstUnwritten];
        const qsizetype step = std::min(count, chunk.bytes.size() - m_writtenInFirst);
        m_writtenInFirst += step;
        m_unwrittenBytes -= step;
        if (chunk.event)
            m_unwrittenEventBytes -= step;
        count -= step;
        if (m_writtenInFirst == chunk.bytes.size()) {
            m_historyBytes += chunk.bytes.size();
            ++m_firstUnwritten;
            m_writtenInFirst = 0;
        }
    }
    trimHistory();
}

void GuestOutput::trimHistory()
{
    while (m_firstUnwritten > 0 && m_historyBytes - m_chunks.front().bytes.size() >= m_historyLimit) {
        m_historyBytes -= m_chunks.front().bytes.size();
        m_chunks.pop_front();
        --m_firstUnwritten;
    }
}

GuestOutput::Undelivered GuestOutput::undelivered(qint64 unreadByPeer) const
{
    // Walk back from the write position over `unreadByPeer` written bytes (at most the history kept).
    size_t index = m_firstUnwritten;
    qint64 offset = m_writtenInFirst;
    qint64 remaining = unreadByPeer;
    while (remaining > 0) {
        if (offset >= remaining) {
            offset -= remaining;
            remaining = 0;
        } else if (index > 0) {
            remaining -= offset;
            --index;
            offset = m_chunks[index].bytes.size();
        } else {
            offset = 0; // older than the history: it cannot be taken back (limits make this unreachable)
            remaining = 0;
        }
    }
    Undelivered result;
    for (size_t i = index; i < m_chunks.size(); ++i) {
        const Chunk &chunk = m_chunks[i];
        if (i == index && offset > 0) {
            if (offset < chunk.bytes.size())
                result.partialTail = chunk.bytes.mid(offset);
            continue;
        }
        result.chunks.append(chunk);
    }
    return result;
}

} // namespace clonedeck::bridge
