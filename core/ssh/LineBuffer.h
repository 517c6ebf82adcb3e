#pragma once

// Splits one output stream into lines and keeps the last N of them for the UI. Bounded in
// both directions: old lines fall off, and a "line" with no newline is cut at maxLineLength
// so a binary or runaway stream cannot grow memory. Appended to on the I/O thread, read
// from any thread.
#include <QByteArray>
#include <QMutex>
#include <QStringList>

#include <deque>

namespace clonedeck {

class LineBuffer
{
public:
    explicit LineBuffer(int maxLines, int maxLineLength = 64 * 1024);

    // Feeds bytes; returns the lines they completed (without "\n" or "\r\n").
    QStringList append(const QByteArray &data);
    // End of stream: the unterminated tail as a last line, if any.
    QStringList flush();

    QStringList lines() const;
    qint64 totalLines() const;

private:
    void keepLocked(const QString &line);

    mutable QMutex m_mutex;
    QByteArray m_partial;
    std::deque<QString> m_lines;
    qint64 m_total = 0;
    int m_maxLines;
    int m_maxLineLength;
};

} // namespace clonedeck
