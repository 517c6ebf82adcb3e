#include "LineBuffer.h"

#include <algorithm>

namespace clonedeck {

LineBuffer::LineBuffer(int maxLines, qint64 maxBytes, int maxLineLength)
    : m_retained(maxLines, maxBytes)
    , m_maxLineLength(std::max(1, maxLineLength))
{}

void LineBuffer::keepLocked(const QString &line)
{
    ++m_total;
    m_retained.append(line);
}

QStringList LineBuffer::append(const QByteArray &data)
{
    QMutexLocker lock(&m_mutex);
    QStringList completed;
    // Lines are cut at the same byte offsets however the stream was split into packets: a
    // long line becomes pieces of maxLineLength bytes whether it arrived at once or in parts.
    const auto cutLongPartial = [&] {
        while (m_partial.size() >= m_maxLineLength) {
            completed.append(QString::fromUtf8(m_partial.left(m_maxLineLength)));
            m_partial.remove(0, m_maxLineLength);
        }
    };
    qsizetype start = 0;
    while (start < data.size()) {
        const qsizetype newline = data.indexOf('\n', start);
        const qsizetype end = newline < 0 ? data.size() : newline;
        m_partial.append(data.constData() + start, end - start);
        cutLongPartial();
        if (newline < 0)
            break;
        if (m_partial.endsWith('\r'))
            m_partial.chop(1);
        completed.append(QString::fromUtf8(m_partial));
        m_partial.clear();
        start = newline + 1;
    }
    for (const QString &line : std::as_const(completed))
        keepLocked(line);
    return completed;
}

QStringList LineBuffer::flush()
{
    QMutexLocker lock(&m_mutex);
    if (m_partial.isEmpty())
        return {};
    const QString line = QString::fromUtf8(m_partial);
    m_partial.clear();
    keepLocked(line);
    return {line};
}

QStringList LineBuffer::lines() const
{
    QMutexLocker lock(&m_mutex);
    return m_retained.lines();
}

qint64 LineBuffer::totalLines() const
{
    QMutexLocker lock(&m_mutex);
    return m_total;
}

qint64 LineBuffer::retainedBytes() const
{
    QMutexLocker lock(&m_mutex);
    return m_retained.bytes();
}

} // namespace clonedeck
