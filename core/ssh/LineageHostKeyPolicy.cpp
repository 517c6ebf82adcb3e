#include "LineageHostKeyPolicy.h"

#include "Log.h"

namespace clonedeck {

namespace {
QString configuredScope(const QString &cluster)
{
    return QStringLiteral("configured:") + cluster;
}
} // namespace

LineageHostKeyPolicy::LineageHostKeyPolicy(std::shared_ptr<HostKeyPinStore> pins, FirstContact firstContact)
    : m_pins(std::move(pins))
    , m_firstContact(firstContact)
{}

Status LineageHostKeyPolicy::configureMasterKey(const QString &cluster, int masterDomid, const HostKey &key)
{
    return m_pins->setLineagePin(configuredScope(cluster), masterDomid, key);
}

std::optional<HostKey> LineageHostKeyPolicy::pinnedKey(const HostKeyPinStore &pins, const AgentTarget &target)
{
    // A key pinned at first contact with this master instance, else one an operator
    // configured for the cluster's master (whatever instance it is).
    std::optional<HostKey> pinned = pins.lineagePin(pinScope(target), target.masterDomid);
    return pinned ? pinned : pins.lineagePin(configuredScope(target.cluster), target.masterDomid);
}

Status LineageHostKeyPolicy::verify(const AgentTarget &target, const HostKey &presented, ssh_session_struct *)
{
    std::optional<HostKey> pinned = pinnedKey(*m_pins, target);
    if (!pinned) {
        const bool isMaster = target.domid == target.masterDomid;
        if (!isMaster && m_firstContact == FirstContact::MasterOnly) {
            return rejected(target,
                            QStringLiteral("refusing host key %1 of %2: no key is pinned for master %3 "
                                           "of cluster \"%4\" (contact the master first or configure "
                                           "its key)")
                                .arg(presented.fingerprint, describe(target))
                                .arg(target.masterDomid)
                                .arg(target.cluster));
        }
        Result<HostKey> pin = m_pins->pinLineageIfAbsent(pinScope(target), target.masterDomid, presented);
        if (!pin.ok())
            return pin.error();
        pinned = pin.value();
        if (*pinned == presented) {
            spdlog::info("ssh: pinned host key {} for master {} of cluster \"{}\" (first contact: {})",
                         presented.fingerprint, target.masterDomid, target.cluster, describe(target));
        }
    }
    if (*pinned == presented)
        return Done{};
    return rejected(target,
                    QStringLiteral("host key mismatch for %1: it presented %2 but master %3 of cluster "
                                   "\"%4\" is pinned to %5")
                        .arg(describe(target), presented.fingerprint)
                        .arg(target.masterDomid)
                        .arg(target.cluster, pinned->fingerprint));
}

} // namespace clonedeck
