#include "WalFrames.h"

#include <QFile>
#include <QtEndian>

namespace clonedeck::test {

QList<int> walPagesPerCommit(const QString &walPath)
{
    QFile wal(walPath);
    if (!wal.open(QIODevice::ReadOnly))
        return {};
    const QByteArray bytes = wal.readAll();
    const auto word = [&bytes](qsizetype at) { return qFromBigEndian<quint32>(bytes.constData() + at); };
    if (bytes.size() < 32)
        return {};
    // A 32-byte header (page size at 8, salts at 16 and 20), then frames: a 24-byte header (the
    // database's size in pages at 4, non-zero on a transaction's last frame; salts at 8 and 12)
    // and the page.
    const qsizetype frameSize = 24 + qsizetype(word(8));
    QList<int> commits;
    int pages = 0;
    for (qsizetype frame = 32; frame + frameSize <= bytes.size(); frame += frameSize) {
        if (word(frame + 8) != word(16) || word(frame + 12) != word(20))
            break; // a frame of an earlier generation: the log's live part ends here
        ++pages;
        if (word(frame + 4) != 0) {
            commits.append(pages);
            pages = 0;
        }
    }
    return commits;
}

int walPageSize(const QString &walPath)
{
    QFile wal(walPath);
    if (!wal.open(QIODevice::ReadOnly))
        return 0;
    const QByteArray header = wal.read(32);
    return header.size() < 32 ? 0 : int(qFromBigEndian<quint32>(header.constData() + 8));
}

} // namespace clonedeck::test
