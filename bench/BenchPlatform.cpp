#include "BenchPlatform.h"

#include "PlatformClient.h"
#include "XenstoreConnection.h"

#include <cstdio>
#include <sys/resource.h>

namespace clonedeck::bench {

namespace {
// A clone reply lists every new domid and a record holds at most 2,048 bytes, so tickets of 100.
constexpr int kClonesPerTicket = 100;
constexpr int kMasterDomid = 1;

// An idle sandbox VM holds one descriptor in clonedeckd, its SSH listener: its xenstore bridge
// endpoint is bound at its first command, which these benchmarks never run. Room is left for the
// daemon's own (xenstored, store, SSH sessions).
constexpr rlim_t kDescriptorsPerDomain = 1;
constexpr rlim_t kDescriptorsToSpare = 1024;

rlim_t descriptorsNeeded(int capacity)
{
    return kDescriptorsPerDomain * rlim_t(capacity) + kDescriptorsToSpare;
}

// Empty when clonedeckd can hold `capacity` domains under this process's hard limit.
QString descriptorsFor(int capacity)
{
    rlimit limit{};
    if (::getrlimit(RLIMIT_NOFILE, &limit) != 0)
        return QStringLiteral("getrlimit failed");
    if (limit.rlim_max != RLIM_INFINITY && limit.rlim_max < descriptorsNeeded(capacity))
        return QStringLiteral("need %1 file descriptors (an SSH endpoint per domain), the hard limit is %2")
            .arg(descriptorsNeeded(capacity))
            .arg(limit.rlim_max);
    return {};
}

// clonedeckd inherits our limits: raised here, and said at once when they cannot be, not after
// minutes of growing the platform.
QString raiseDescriptorLimit(int capacity)
{
    if (QString error = descriptorsFor(capacity); !error.isEmpty())
        return error;
    rlimit limit{};
    if (::getrlimit(RLIMIT_NOFILE, &limit) != 0)
        return QStringLiteral("getrlimit failed");
    if (limit.rlim_cur < descriptorsNeeded(capacity)) {
        limit.rlim_cur = descriptorsNeeded(capacity);
        if (::setrlimit(RLIMIT_NOFILE, &limit) != 0)
            return QStringLiteral("setrlimit failed");
    }
    return {};
}
} // namespace

BenchPlatform::BenchPlatform() = default;
BenchPlatform::~BenchPlatform() = default;

QString BenchPlatform::start(int capacity, const QString &hosts)
{
    if (QString error = raiseDescriptorLimit(capacity); !error.isEmpty())
        return error;
    test::PlatformFixture::Options options;
    // Four hosts, so clones spread as on a small pool; 1 vCPU and 1 MB per clone.
    const int perHost = capacity / 4 + 16;
    options.hosts =
        hosts.isEmpty()
            ? QStringLiteral("host1:%1:%2,host2:%1:%2,host3:%1:%2,host4:%1:%2").arg(perHost).arg(perHost * 64)
            : hosts;
    // CLONEDECK_BENCH_DAEMON_ARGS: extra clonedeckd arguments for an A/B run (e.g. --config FILE).
    if (const QString extra = qEnvironmentVariable("CLONEDECK_BENCH_DAEMON_ARGS"); !extra.isEmpty())
        options.extraArgs += extra.split(QLatin1Char(' '), Qt::SkipEmptyParts);
    if (QString error = m_fixture.start(options); !error.isEmpty())
        return error;
    auto connection = XenstoreConnection::open(m_fixture.socketPath());
    if (!connection)
        return connection.error().toString();
    m_xs = std::move(connection).value();
    m_master = std::make_unique<PlatformClient>(*m_xs, kMasterDomid);
    m_domains = 1; // the default cluster's master
    return {};
}

QString BenchPlatform::startGrownTo(int domains)
{
    if (QString error = start(domains); !error.isEmpty())
        return error;
    if (auto grown = growTo(domains); !grown)
        return QStringLiteral("cannot grow the platform: %1").arg(grown.error().toString());
    return {};
}

Status BenchPlatform::growTo(int domains)
{
    PlatformClient &master = *m_master;
    while (m_domains < domains) {
        const int count = std::min(kClonesPerTicket, domains - m_domains);
        const auto grant = master.requestTicket(count, 1, 1, 0);
        if (!grant)
            return grant.error();
        if (grant->granted != count)
            return Error{EBUSY, grant->ticket,
                         QStringLiteral("granted %1 of %2").arg(grant->granted).arg(count)};
        const auto clones = master.clone(grant->ticket);
        if (!clones)
            return clones.error();
        m_domains += int(clones->size());
        ++m_tickets;
    }
    return Done{};
}

int BenchPlatform::measureAtSizes(const QList<int> &wanted, const std::function<bool(int size)> &measure)
{
    // The sizes this machine's descriptor limit allows are measured; the others are said to be
    // missing, with the reason, and the figures of the smaller sizes stay.
    QList<int> sizes;
    for (int size : wanted) {
        if (const QString error = descriptorsFor(size); error.isEmpty())
            sizes.append(size);
        else
            std::printf("note %d domains not measured: %s\n", size, qPrintable(error));
    }
    std::fflush(stdout);
    if (sizes.isEmpty())
        return 1;
    if (const QString error = start(*std::max_element(sizes.begin(), sizes.end())); !error.isEmpty()) {
        qCritical("%s", qPrintable(error));
        return 1;
    }
    for (int size : sizes) {
        if (auto grown = growTo(size); !grown) {
            qCritical("cannot grow the platform to %d domains: %s", size,
                      qPrintable(grown.error().toString()));
            return 1;
        }
        if (!measure(size))
            return 1;
    }
    return 0;
}

} // namespace clonedeck::bench
