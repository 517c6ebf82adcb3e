#include "XenstoreBridgeEndpoints.h"

#include "VmBackend.h"
#include "XenstoreBridge.h"

namespace clonedeck {

XenstoreBridgeEndpoints::XenstoreBridgeEndpoints(XenstoreBridge &bridge, const VmBackend &backend)
    : m_bridge(bridge)
    , m_backend(backend)
{}

Result<QString> XenstoreBridgeEndpoints::open(const DomainInfo &domain)
{
    const int owner = m_backend.endpointOwnerUid(domain.domid);
    if (m_backend.opensEndpointOnFirstUse())
        return m_bridge.reserveEndpoint(domain.domid, owner);
    return m_bridge.openEndpoint(domain.domid, owner);
}

void XenstoreBridgeEndpoints::close(int domid)
{
    m_bridge.closeEndpoint(domid);
}

} // namespace clonedeck
