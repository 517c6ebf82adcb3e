// Agent output handling: whatever bytes an agent prints, in whatever packets they arrive,
// the line buffer stays within its bounds (lines and bytes kept, line length) and splits
// the stream into the same lines.
#include "LineBuffer.h"

#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 3)
        return 0;
    // The first bytes choose the bounds and the packet size; the rest is the stream.
    const int maxLines = 1 + data[0] % 16;
    const qint64 maxBytes = 2 * (1 + (data[0] >> 4) * 16); // the high bits: 1 to 241 UTF-16 units
    const int maxLineLength = 1 + data[1] % 64;
    const int packet = 1 + data[2] % 32;
    const QByteArray stream(reinterpret_cast<const char *>(data + 3), qsizetype(size - 3));

    clonedeck::LineBuffer whole(maxLines, maxBytes, maxLineLength);
    QStringList wholeLines = whole.append(stream);
    wholeLines += whole.flush();

    clonedeck::LineBuffer packets(maxLines, maxBytes, maxLineLength);
    QStringList packetLines;
    for (qsizetype offset = 0; offset < stream.size(); offset += packet)
        packetLines += packets.append(stream.mid(offset, packet));
    packetLines += packets.flush();

    if (wholeLines != packetLines || whole.totalLines() != packets.totalLines())
        std::abort();
    if (whole.lines().size() > maxLines || whole.retainedBytes() > maxBytes ||
        whole.totalLines() != wholeLines.size())
        std::abort();
    for (const QString &line : std::as_const(wholeLines)) {
        // A piece is at most maxLineLength bytes, so at most that many UTF-16 units.
        if (line.size() > maxLineLength || line.contains(QLatin1Char('\n')))
            std::abort();
    }
    return 0;
}
