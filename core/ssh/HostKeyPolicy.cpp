#include "HostKeyPolicy.h"

#include <cerrno>

namespace clonedeck {

HostKeyPolicy::~HostKeyPolicy() = default;

void HostKeyPolicy::forgetAddress(const QString &, const QString &) {}

QString HostKeyPolicy::describe(const AgentTarget &target)
{
    if (target.domid < 0) // not a domain: a host reached over SSH (core/remote)
        return QStringLiteral("host %1 port %2").arg(target.address).arg(target.port);
    const QString who =
        target.domid == target.masterDomid
            ? QStringLiteral("master %1").arg(target.domid)
            : QStringLiteral("clone %1 of master %2").arg(target.domid).arg(target.masterDomid);
    return QStringLiteral("%1 of cluster \"%2\" at %3:%4")
        .arg(who, target.cluster, target.address)
        .arg(target.port);
}

Error HostKeyPolicy::rejected(const AgentTarget &target, const QString &message)
{
    return Error{EKEYREJECTED, QStringLiteral("%1:%2").arg(target.address).arg(target.port), message};
}

} // namespace clonedeck
