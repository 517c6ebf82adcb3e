#pragma once

// What every benchmark prints: one `name value unit` line per figure, so
// bench/run-all.sh can collect them into docs/performance.md.
#include <QEventLoop>
#include <QList>
#include <QString>
#include <QTextStream>
#include <QTimer>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <functional>
#include <string>

namespace clonedeck::bench {

inline void figure(const QString &name, double value, const QString &unit)
{
    QTextStream(stdout) << name << ' ' << QString::number(value, 'f', value < 10 ? 2 : 0) << ' ' << unit
                        << Qt::endl;
}

// Resident set size of this process, from /proc.
inline double residentMegabytes()
{
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line)) {
        if (line.rfind("VmRSS:", 0) == 0)
            return std::stod(line.substr(6)) / 1024.0;
    }
    return -1;
}

// The p-th percentile (0..100) of the samples, nearest rank.
inline double percentile(QList<double> samples, double p)
{
    if (samples.isEmpty())
        return -1;
    std::sort(samples.begin(), samples.end());
    const auto rank = qsizetype(std::ceil(p / 100.0 * double(samples.size())));
    return samples[std::clamp<qsizetype>(rank - 1, 0, samples.size() - 1)];
}

// Runs the event loop until done() holds (checked every periodMs) or the deadline passes.
// Measurements are taken in the slots that see the event, so this loop's polling adds no latency.
inline bool runUntil(const std::function<bool()> &done, int timeoutMs, int periodMs = 1)
{
    if (done())
        return true;
    QEventLoop loop;
    QTimer poll;
    QObject::connect(&poll, &QTimer::timeout, &loop, [&] {
        if (done())
            loop.quit();
    });
    poll.start(periodMs);
    QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
    loop.exec();
    return done();
}

} // namespace clonedeck::bench
