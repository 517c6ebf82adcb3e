#pragma once

// What membership's cells show that follows from records alone (MembershipModel keeps the
// tree): a record's own columns, the uptime, and the usage columns — their text, the raw
// value to sort by, or how full the inline bar is (of its vCPUs, of its memory). An idle
// domain (no usage record) uses nothing: 0 %, 0 MB.
#include "PlatformRecords.h"
#include "UsageRecord.h"

#include <QVariant>

namespace clonedeck {

enum class UsageCellAs
{
    Text,
    SortValue,
    Fraction
};

// Name to Ticket (Uptime moves with time, Agent comes from the sessions).
QVariantList membershipRecordValues(const DomainInfo &domain);
QString formatUptime(qint64 ms);
// What a backend's name in the Backend column means, for its tooltip (translated).
QString backendTooltip(const QString &backend);
QVariant usageCell(const DomainUsage &usage, const DomainInfo &domain, bool cpu, UsageCellAs as);

} // namespace clonedeck
