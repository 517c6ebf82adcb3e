#pragma once

// Splits one output stream into lines and keeps the last of them for the UI. Bounded in
// every direction: old lines fall off by count and by bytes (RetainedLines), and a "line"
// with no newline is cut at maxLineLength bytes so a binary or runaway stream cannot grow
// memory. Appended to on the I/O thread, read from any thread.
#include "RetainedLines.h"

#include <QByteArray>
#include <QMutex>
#include <QStringList>

namespace clonedeck {

class LineBuffer
{
public:
    static constexpr int kDefaultMaxLineLength = 16 * 1024;

    LineBuffer(int maxLines, qint64 maxBytes, int maxLineLength = kDefaultMaxLineLength);

    // Feeds bytes; returns the lines they completed (without "\n" or "\r\n").
    QStringList append(const QByteArray &data);
    // End of stream: the unterminated tail as a last line, if any.
    QStringList flush();

    QStringList lines() const;
    qint64 totalLines() const;
    // The text kept, in bytes as RetainedLines counts them.
    qint64 retainedBytes() const;

private:
    void keepLocked(const QString &line);

    mutable QMutex m_mutex;
    QByteArray m_partial;
    RetainedLines m_retained;
    qint64 m_total = 0;
    int m_maxLineLength;
};

} // namespace clonedeck
