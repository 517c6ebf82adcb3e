#include "Log.h"

#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/sinks/stdout_sinks.h>

#include <algorithm>

namespace clonedeck::logging {

void setup(const Options &options)
{
    std::vector<spdlog::sink_ptr> sinks;
    if (options.toStderr)
        sinks.push_back(std::make_shared<spdlog::sinks::stderr_sink_mt>());
    if (!options.file.isEmpty()) {
        try {
            sinks.push_back(
                std::make_shared<spdlog::sinks::basic_file_sink_mt>(options.file.toStdString(), false));
        } catch (const spdlog::spdlog_ex &ex) {
            // A log file we cannot open must not stop the program; say so on stderr.
            fprintf(stderr, "%s: cannot open log file %s: %s\n", qPrintable(options.component),
                    qPrintable(options.file), ex.what());
        }
    }
    auto logger =
        std::make_shared<spdlog::logger>(options.component.toStdString(), sinks.begin(), sinks.end());
    logger->set_level(options.level);
    logger->set_pattern("%Y-%m-%d %H:%M:%S.%e %n[%P] %l: %v");
    logger->flush_on(spdlog::level::info);
    spdlog::set_default_logger(std::move(logger));
}

void addSink(std::shared_ptr<spdlog::sinks::sink> sink)
{
    spdlog::default_logger()->sinks().push_back(std::move(sink));
}

void removeSink(const std::shared_ptr<spdlog::sinks::sink> &sink)
{
    auto &sinks = spdlog::default_logger()->sinks();
    sinks.erase(std::remove(sinks.begin(), sinks.end(), sink), sinks.end());
}

spdlog::level::level_enum levelFromEnvironment(spdlog::level::level_enum fallback)
{
    const QByteArray value = qgetenv("CLONEDECK_LOG");
    if (value.isEmpty())
        return fallback;
    const auto level = spdlog::level::from_str(value.toStdString());
    // from_str answers "off" for unknown names; keep the fallback then, unless "off" was meant.
    return (level == spdlog::level::off && value != "off") ? fallback : level;
}

} // namespace clonedeck::logging
