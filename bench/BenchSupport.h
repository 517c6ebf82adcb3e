#pragma once

// What every benchmark prints: one `name value unit` line per figure, so
// bench/run-all.sh can collect them into docs/performance.md.
#include <QString>
#include <QTextStream>

#include <fstream>
#include <string>

namespace clonedeck::bench {

inline void figure(const QString &name, double value, const QString &unit)
{
    QTextStream(stdout) << name << ' ' << QString::number(value, 'f', value < 10 ? 2 : 0) << ' ' << unit << Qt::endl;
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

} // namespace clonedeck::bench
