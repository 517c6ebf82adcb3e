// A CI server's queue document (read from a URL by the policy's demand source) is
// external input: parsing never crashes and never yields a negative demand.
#include "DemandSource.h"

#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray input(reinterpret_cast<const char *>(data), qsizetype(size));
    const auto items = clonedeck::parseQueueItems(input);
    if (items.ok() && items.value() < 0)
        std::abort();
    return 0;
}
