#pragma once

// The project's thin logger over spdlog: one place to set sinks and levels, and a
// fmt formatter so QStrings can be logged directly. Logs never go to stdout
// (clonectl's stdout is a data channel), only to stderr and files.
#include <QByteArray>
#include <QString>

#include <spdlog/spdlog.h>

#include <memory>

template<>
struct fmt::formatter<QString> : fmt::formatter<std::string_view>
{
    template<typename FormatContext>
    auto format(const QString &text, FormatContext &ctx) const
    {
        const QByteArray utf8 = text.toUtf8();
        return fmt::formatter<std::string_view>::format(std::string_view(utf8.constData(), utf8.size()), ctx);
    }
};

template<>
struct fmt::formatter<QByteArray> : fmt::formatter<std::string_view>
{
    template<typename FormatContext>
    auto format(const QByteArray &bytes, FormatContext &ctx) const
    {
        return fmt::formatter<std::string_view>::format(std::string_view(bytes.constData(), bytes.size()),
                                                        ctx);
    }
};

namespace clonedeck::logging {

struct Options
{
    QString component; // e.g. "clonectl", shown in every line
    QString file;      // optional log file; empty: none
    bool toStderr = true;
    spdlog::level::level_enum level = spdlog::level::info;
};

// Installs the default logger for this process. Call once from main().
void setup(const Options &options);

// Adds a sink to the default logger (the console's event log feeds on one), and takes it
// off again. Both before other threads log (or after they stopped): spdlog's list of sinks
// is not guarded.
void addSink(std::shared_ptr<spdlog::sinks::sink> sink);
void removeSink(const std::shared_ptr<spdlog::sinks::sink> &sink);

// Level from CLONEDECK_LOG (trace, debug, info, warn, error) or the fallback.
spdlog::level::level_enum levelFromEnvironment(spdlog::level::level_enum fallback);

} // namespace clonedeck::logging
