#include "MembershipCells.h"

#include <QCoreApplication>

#include <algorithm>

namespace clonedeck {

QVariantList membershipRecordValues(const DomainInfo &d)
{
    return {d.name,
            d.domid,
            d.vmid,
            d.role == DomainRole::Master ? QCoreApplication::translate("clonedeck::MembershipModel", "master")
                                         : QCoreApplication::translate("clonedeck::MembershipModel", "clone"),
            d.backend,
            toString(d.state),
            d.ip,
            d.port,
            d.vcpus,
            d.memoryMb,
            d.ticket};
}

QString backendTooltip(const QString &backend)
{
    if (backend == QLatin1String("sandbox"))
        return QCoreApplication::translate("clonedeck::MembershipModel",
                                           "Sandbox VM: a directory and processes on its host");
    if (backend == QLatin1String("qemu"))
        return QCoreApplication::translate("clonedeck::MembershipModel",
                                           "QEMU VM: a clone is a fork-style replica of its running master");
    if (backend.isEmpty())
        return QCoreApplication::translate("clonedeck::MembershipModel",
                                           "Not said: the platform that runs it is of an older version");
    return backend;
}

QString formatUptime(qint64 ms)
{
    const qint64 s = std::max<qint64>(0, ms / 1000);
    if (s < 3600)
        return QStringLiteral("%1:%2").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0'));
    return QStringLiteral("%1h%2m").arg(s / 3600).arg((s % 3600) / 60, 2, 10, QLatin1Char('0'));
}

QVariant usageCell(const DomainUsage &usage, const DomainInfo &domain, bool cpu, UsageCellAs as)
{
    if (as == UsageCellAs::SortValue)
        return cpu ? qint64(usage.cpuPercent) : usage.rssKb;
    if (as == UsageCellAs::Fraction) {
        const double of =
            cpu ? 100.0 * std::max(1, domain.vcpus) : 1024.0 * std::max<qint64>(1, domain.memoryMb);
        return std::clamp((cpu ? usage.cpuPercent : double(usage.rssKb)) / of, 0.0, 1.0);
    }
    if (cpu)
        return QCoreApplication::translate("clonedeck::MembershipModel", "%1 %").arg(usage.cpuPercent);
    return QCoreApplication::translate("clonedeck::MembershipModel", "%1 MB")
        .arg(double(usage.rssKb) / 1024.0, 0, 'f', usage.rssKb < 10240 ? 1 : 0);
}

} // namespace clonedeck
