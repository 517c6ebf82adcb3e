#pragma once

// What the control plane needs from whatever runs the VMs: sandbox VMs on a
// machine without Xen, or (later) a real Xen toolstack. The control plane
// decides and journals; the backend only makes it so.
#include "Error.h"
#include "PlatformRecords.h"

#include <QList>

namespace clonedeck {

class VmBackend
{
public:
    virtual ~VmBackend() = default;

    // What runs the domains ("sandbox", "qemu"), published on hosts and domains.
    virtual QString kind() const = 0;
    // The accelerator in use ("kvm", "tcg"), empty where there is none.
    virtual QString accelerator() const { return {}; }

    // Creates the master's disk if it has none, and makes it reachable. Returns its SSH port.
    virtual Result<quint16> startMaster(const DomainInfo &master) = 0;
    // Replicates the master as it is now into a new domain and makes it reachable. Returns its SSH port.
    virtual Result<quint16> startClone(const DomainInfo &master, const DomainInfo &clone) = 0;
    // Makes an existing domain reachable again after a platform restart.
    virtual Result<quint16> resume(const DomainInfo &domain) = 0;
    // Ends a domain: every process of it stops, its disk goes. Idempotent.
    virtual Status destroy(int domid) = 0;
    // Domains that have a disk, whatever the journal says: the reconciler's view of reality.
    virtual QList<int> existingDomains() const = 0;
};

} // namespace clonedeck
