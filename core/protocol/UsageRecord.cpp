#include "UsageRecord.h"

#include "ProtocolPaths.h"

#include <cstdlib>

namespace clonedeck {

namespace {
constexpr qint64 kMaxKb = qint64(64) * 1024 * 1024 * 1024; // 64 TiB
constexpr qint64 kMaxTimeMs = std::numeric_limits<qint64>::max() / 4;

bool memoryMoved(qint64 now, qint64 before)
{
    const qint64 step = std::max(DomainUsage::kMemoryStepKb, before * DomainUsage::kMemoryStepPercent / 100);
    return std::llabs(now - before) >= step;
}
} // namespace

bool DomainUsage::differsNoticeablyFrom(const DomainUsage &published) const
{
    return isIdle() != published.isIdle() || std::abs(cpuPercent - published.cpuPercent) >= kCpuStep ||
           memoryMoved(rssKb, published.rssKb) || memoryMoved(guestUsedKb, published.guestUsedKb);
}

Record DomainUsage::toRecord() const
{
    Record r;
    r.set(QStringLiteral("cpu"), cpuPercent);
    r.set(QStringLiteral("rss"), rssKb);
    if (pssKb >= 0)
        r.set(QStringLiteral("pss"), pssKb);
    r.set(QStringLiteral("procs"), processes);
    if (guestUsedKb >= 0)
        r.set(QStringLiteral("guest_used"), guestUsedKb);
    r.set(QStringLiteral("at"), sampledMs);
    return r;
}

Result<DomainUsage> DomainUsage::fromRecord(int domid, const Record &record)
{
    const QString what = QStringLiteral("usage of domain ") + QString::number(domid);
    DomainUsage u;
    u.domid = domid;
    // One table instead of a block per field: bounds are what a hostile writer is held to.
    struct Field
    {
        const char *key;
        qint64 max;
        bool optional;
        qint64 *into;
    };
    qint64 cpu = 0, processes = 0;
    const Field fields[] = {{"cpu", 100 * 65536, false, &cpu},
                            {"rss", kMaxKb, false, &u.rssKb},
                            {"pss", kMaxKb, true, &u.pssKb},
                            {"procs", 1 << 22, false, &processes},
                            {"guest_used", kMaxKb, true, &u.guestUsedKb},
                            {"at", kMaxTimeMs, false, &u.sampledMs}};
    for (const Field &field : fields) {
        const QString key = QLatin1String(field.key);
        if (field.optional && !record.contains(key))
            continue;
        auto value = record.integer(key, 0, field.max);
        if (!value)
            return Error{value.error().code, what, value.error().message};
        *field.into = *value;
    }
    u.cpuPercent = int(cpu);
    u.processes = int(processes);
    return u;
}

} // namespace clonedeck
