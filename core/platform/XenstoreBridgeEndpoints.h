#pragma once

// The control plane's BridgeEndpoints on clonedeckd's per-domain xenstore bridge
// (core/bridge): each domain's endpoint, made its VM's (VmBackend::endpointOwnerUid);
// only reserved for a backend that opens it on its VM's first use (sandbox VMs: an
// idle VM then holds one descriptor, its SSH listener, instead of two).
// Opening never forks a connection: a fork needs the master paused, which only the
// backend knows (QEMU calls XenstoreBridge::forkEndpoint at its snapshot).
#include "BridgeEndpoints.h"

namespace clonedeck {

class VmBackend;
class XenstoreBridge;

class XenstoreBridgeEndpoints : public BridgeEndpoints
{
public:
    XenstoreBridgeEndpoints(XenstoreBridge &bridge, const VmBackend &backend);
    Result<QString> open(const DomainInfo &domain) override;
    void close(int domid) override;

private:
    XenstoreBridge &m_bridge;
    const VmBackend &m_backend;
};

} // namespace clonedeck
