// Policy configurations (`clonectl policy run --config FILE`, the console's editor): loading
// arbitrary bytes never crashes, and a configuration that loads survives a round trip.
#include "PolicyConfig.h"

#include <QJsonDocument>

#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray input(reinterpret_cast<const char *>(data), qsizetype(size));
    const auto config = clonedeck::PolicyConfig::fromJsonBytes(input);
    if (!config.ok())
        return 0;
    const QByteArray saved = QJsonDocument(config.value().toJson()).toJson();
    const auto again = clonedeck::PolicyConfig::fromJsonBytes(saved);
    if (!again.ok() || QJsonDocument(again.value().toJson()).toJson() != saved)
        std::abort();
    return 0;
}
