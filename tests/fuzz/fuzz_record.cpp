// Record codec: parsing arbitrary bytes never crashes, and whatever parses
// survives a serialize/parse round trip unchanged.
#include "Record.h"

#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray input(reinterpret_cast<const char *>(data), qsizetype(size));
    const auto record = clonedeck::Record::parse(input);
    if (!record)
        return 0;
    const QByteArray serialized = record->serialize();
    const auto again = clonedeck::Record::parse(serialized);
    if (!again || !(*again == *record) || again->serialize() != serialized)
        std::abort();
    // What a record hands on never contains a byte a shell or terminal acts on.
    for (const QString &key : record->keys()) {
        for (QChar c : record->value(key)) {
            if (c.category() == QChar::Other_Control)
                std::abort();
        }
    }
    return 0;
}
