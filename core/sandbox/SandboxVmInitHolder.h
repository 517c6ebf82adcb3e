#pragma once

// Where a confined sandbox VM keeps its one init (SandboxVmInit), shared by the VM's endpoint
// and its SSH sessions: the first command starts it (an idle VM has none: 10,000 idle VMs cost
// no process), later ones reuse it, the VM's end kills it. An init that has died (killed, or a
// bug) or stopped answering is an error for the command that finds it, saying so, and is then
// forgotten: the next command starts a new one, so the VM recovers by itself.
#include "Error.h"

#include <memory>
#include <mutex>

#include <sys/types.h>

namespace clonedeck {

class SandboxVmInit;
struct SandboxEndpointSpec;

class SandboxVmInitHolder
{
public:
    Result<std::shared_ptr<SandboxVmInit>> acquire(const SandboxEndpointSpec &spec);
    // `init` did not answer: the next command starts a new one (this one is killed once unused).
    void forget(const std::shared_ptr<SandboxVmInit> &init);
    // The VM ends: its init (and every process of the VM) with it.
    void reset();
    pid_t pid() const; // 0 while it has none

private:
    mutable std::mutex m_mutex;
    std::shared_ptr<SandboxVmInit> m_init;
};

} // namespace clonedeck
