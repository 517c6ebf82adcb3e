#pragma once

// Where a domain record and a VM backend meet: the spec a backend is given for
// a domain (with its xenstore endpoint), and the domain's record once the
// backend says where it answers.
#include "VmBackend.h"

namespace clonedeck {

class BridgeEndpoints;

VmSpec vmSpecFor(BridgeEndpoints &bridge, const DomainInfo &domain);
DomainInfo runningAt(DomainInfo domain, const VmEndpoint &endpoint);

} // namespace clonedeck
