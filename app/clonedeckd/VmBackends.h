#pragma once

// The VM backends this clonedeckd can run, by name (`--backend NAME`).
#include "VmBackendRegistry.h"

namespace clonedeck {

VmBackendRegistry availableVmBackends();

} // namespace clonedeck
