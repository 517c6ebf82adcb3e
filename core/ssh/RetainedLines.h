#pragma once

// The tail of an output stream kept for people to look at: at most maxLines lines and at most
// maxBytes of text (counted as held in memory, two bytes per UTF-16 unit), the oldest lines
// dropping off first. Bounding bytes as well as lines matters: 1,000 lines of a flooding agent
// could be 1,000 x 64 KiB. Not thread-safe; LineBuffer adds the lock where one is needed.
#include <QString>
#include <QStringList>

#include <deque>

namespace clonedeck {

class RetainedLines
{
public:
    RetainedLines(int maxLines, qint64 maxBytes);

    void append(const QString &line);
    void clear();

    QStringList lines() const { return QStringList(m_lines.begin(), m_lines.end()); }
    int size() const { return int(m_lines.size()); }
    qint64 bytes() const { return m_bytes; }

    // What a line costs against maxBytes.
    static qint64 bytesOf(const QString &line) { return qint64(line.size()) * qint64(sizeof(QChar)); }

private:
    std::deque<QString> m_lines;
    qint64 m_bytes = 0;
    int m_maxLines;
    qint64 m_maxBytes;
};

} // namespace clonedeck
