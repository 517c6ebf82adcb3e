#pragma once

// The default, clone-aware policy: a clone is a replica of its master and presents the
// master's host key. The key is pinned per (cluster, master) on first contact with the master
// itself (or configured); every clone of that master must present exactly it. An unknown
// lineage or a different key is refused, naming both fingerprints.
#include "HostKeyPinStore.h"
#include "HostKeyPolicy.h"
#include "HostKeyPolicyNames.h"

#include <memory>

namespace clonedeck {

class LineageHostKeyPolicy : public HostKeyPolicy
{
public:
    enum class FirstContact
    {
        MasterOnly, // pin only from the master itself; clones of an unpinned master are refused
        AnyMember,  // the first member of the lineage reached (master or clone) pins the key
    };

    explicit LineageHostKeyPolicy(std::shared_ptr<HostKeyPinStore> pins,
                                  FirstContact firstContact = FirstContact::MasterOnly);

    QString name() const override { return QLatin1String(hostkeys::kLineage); }
    Status verify(const AgentTarget &target, const HostKey &presented, ssh_session_struct *session) override;

    // The key target's lineage must present: pinned at first contact with this master
    // instance, else configured for the cluster's master; nullopt while neither exists.
    static std::optional<HostKey> pinnedKey(const HostKeyPinStore &pins, const AgentTarget &target);
    // Pins a master's key known out of band (e.g. published by the platform).
    Status configureMasterKey(const QString &cluster, int masterDomid, const HostKey &key);

private:
    std::shared_ptr<HostKeyPinStore> m_pins;
    FirstContact m_firstContact;
};

} // namespace clonedeck
