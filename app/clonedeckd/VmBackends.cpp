#include "VmBackends.h"

#include "QemuVmBackend.h"
#include "SandboxVmBackend.h"

namespace clonedeck {

// One line per backend: a second backend is a class beside SandboxVmBackend and a line here.
VmBackendRegistry availableVmBackends()
{
    VmBackendRegistry registry;
    registry.add(QStringLiteral("sandbox"),
                 [](const VmBackendContext &context) { return std::make_unique<SandboxVmBackend>(context); });
    registry.add(QStringLiteral("qemu"),
                 [](const VmBackendContext &context) { return std::make_unique<QemuVmBackend>(context); });
    return registry;
}

} // namespace clonedeck
