#include "VmSpecs.h"

#include "BridgeEndpoints.h"
#include "Log.h"

namespace clonedeck {

VmSpec vmSpecFor(BridgeEndpoints &bridge, const DomainInfo &domain)
{
    VmSpec spec{domain, {}};
    if (auto endpoint = bridge.open(domain))
        spec.bridgeEndpoint = *endpoint;
    else
        spdlog::error("domain {}: no xenstore endpoint: {}", domain.domid, endpoint.error().toString());
    return spec;
}

DomainInfo runningAt(DomainInfo domain, const VmEndpoint &endpoint)
{
    if (!endpoint.ip.isEmpty())
        domain.ip = endpoint.ip;
    domain.port = endpoint.port;
    domain.sshHost = endpoint.sshHost.isEmpty() ? domain.ip : endpoint.sshHost;
    domain.sshPort = endpoint.sshPort != 0 ? endpoint.sshPort : endpoint.port;
    domain.state = DomainState::Running;
    domain.error.clear();
    return domain;
}

} // namespace clonedeck
