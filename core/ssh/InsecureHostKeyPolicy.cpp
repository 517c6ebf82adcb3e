#include "InsecureHostKeyPolicy.h"

#include "Log.h"

namespace clonedeck {

Status InsecureHostKeyPolicy::verify(const AgentTarget &target, const HostKey &presented,
                                     ssh_session_struct *)
{
    spdlog::warn("ssh: INSECURE host key policy: accepting {} from {} without verification",
                 presented.fingerprint, describe(target));
    return Done{};
}

} // namespace clonedeck
