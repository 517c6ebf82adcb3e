#include "RetainedLines.h"

#include <algorithm>

namespace clonedeck {

RetainedLines::RetainedLines(int maxLines, qint64 maxBytes)
    : m_maxLines(std::max(0, maxLines))
    , m_maxBytes(std::max<qint64>(0, maxBytes))
{}

void RetainedLines::append(const QString &line)
{
    // A single line over the whole budget keeps its newest part rather than nothing.
    const qint64 cost = bytesOf(line);
    const QString kept = cost > m_maxBytes ? line.right(qsizetype(m_maxBytes / qint64(sizeof(QChar)))) : line;
    if (m_maxLines == 0 || m_maxBytes == 0)
        return;
    m_lines.push_back(kept);
    m_bytes += bytesOf(kept);
    while (int(m_lines.size()) > m_maxLines || m_bytes > m_maxBytes) {
        m_bytes -= bytesOf(m_lines.front());
        m_lines.pop_front();
    }
}

void RetainedLines::clear()
{
    m_lines.clear();
    m_bytes = 0;
}

} // namespace clonedeck
