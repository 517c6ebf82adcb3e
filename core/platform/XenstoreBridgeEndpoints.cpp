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
    return m_bridge.openEndpoint(domain.domid, m_backend.endpointOwnerUid(domain.domid));
}

void XenstoreBridgeEndpoints::close(int domid)
{
    m_bridge.closeEndpoint(domid);
}

} // namespace clonedeck
