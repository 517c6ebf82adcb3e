// Launch profiles are files a person may have edited: loading arbitrary bytes never
// crashes, and a profile that loads is valid and survives a save/load round trip.
#include "LaunchProfile.h"

#include <QJsonDocument>

#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray input(reinterpret_cast<const char *>(data), qsizetype(size));
    const auto profile = clonedeck::LaunchProfile::fromJsonBytes(input);
    if (!profile.ok())
        return 0;
    if (!profile.value().validate().ok())
        std::abort();
    const QByteArray saved = QJsonDocument(profile.value().toJson()).toJson();
    const auto again = clonedeck::LaunchProfile::fromJsonBytes(saved);
    if (!again.ok() || QJsonDocument(again.value().toJson()).toJson() != saved)
        std::abort();
    return 0;
}
