#pragma once

// Gives each domain the xenstore endpoint its VM talks to (COMMON.md, D4: the
// per-domain bridge). The control plane opens a domain's endpoint before the
// backend starts or resumes the VM and hands it over in VmSpec::bridgeEndpoint;
// it closes it once the domain is destroyed.
#include "Error.h"
#include "PlatformRecords.h"

namespace clonedeck {

class BridgeEndpoints
{
public:
    virtual ~BridgeEndpoints() = default;
    // The endpoint (a unix socket path) for `domain`, ready for its VM's connections. For a
    // clone (role Clone, `master` set) the bridge may start it from its master's connection.
    virtual Result<QString> open(const DomainInfo &domain) = 0;
    // The domain is gone: its endpoint closes. Unknown domids are ignored.
    virtual void close(int domid) = 0;
};

} // namespace clonedeck
