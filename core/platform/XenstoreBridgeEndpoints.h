#pragma once

// The control plane's BridgeEndpoints on clonedeckd's per-domain xenstore bridge:
// each domain's endpoint is its own socket on the bridge, made the property of
// whoever runs the domain's xenstore clients (the backend says who: a sandbox
// VM's own uid, or the daemon's for QEMU, whose process holds the guest's port).
// Opening never forks: a fork needs the master paused, which only the backend
// knows (VmBackendContext::forkXenstoreEndpoint).
#include "BridgeEndpoints.h"
#include "VmBackend.h"
#include "XenstoreBridge.h"

namespace clonedeck {

class XenstoreBridgeEndpoints : public BridgeEndpoints
{
public:
    XenstoreBridgeEndpoints(XenstoreBridge &bridge, const VmBackend &backend)
        : m_bridge(bridge)
        , m_backend(backend)
    {}
    Result<QString> open(const DomainInfo &domain) override
    {
        return m_bridge.openEndpoint(domain.domid, m_backend.xenstoreEndpointOwner(domain.domid));
    }
    void close(int domid) override { m_bridge.closeEndpoint(domid); }

private:
    XenstoreBridge &m_bridge;
    const VmBackend &m_backend;
};

} // namespace clonedeck
