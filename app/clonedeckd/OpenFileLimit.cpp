#include "OpenFileLimit.h"

#include "Log.h"

#include <QFile>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <sys/resource.h>
#include <unistd.h>

namespace clonedeck {

namespace {

// Room for 10,000 domains and more, without handing every process the VMs start a limit in
// the millions (programs that close every descriptor up to the limit would crawl).
constexpr rlim_t kWanted = 131072;

rlim_t kernelCeiling()
{
    QFile nrOpen(QStringLiteral("/proc/sys/fs/nr_open"));
    bool ok = false;
    const qulonglong value =
        nrOpen.open(QIODevice::ReadOnly) ? nrOpen.readAll().trimmed().toULongLong(&ok) : 0;
    return ok ? rlim_t(value) : rlim_t(0);
}

} // namespace

void raiseOpenFileLimit()
{
    rlimit limit{};
    if (::getrlimit(RLIMIT_NOFILE, &limit) != 0)
        return;
    const rlim_t before = limit.rlim_cur;
    if (::geteuid() == 0 && limit.rlim_max < kWanted)
        limit.rlim_max = std::min(kWanted, std::max(kernelCeiling(), limit.rlim_max));
    limit.rlim_cur = limit.rlim_max;
    if (::setrlimit(RLIMIT_NOFILE, &limit) != 0) {
        spdlog::warn("open files: cannot raise the limit from {}: {}", before, std::strerror(errno));
        return;
    }
    spdlog::info("open files: limit {} (was {})", limit.rlim_cur, before);
}

} // namespace clonedeck
