#pragma once

// The one long-lived init of a confined sandbox VM (core/vminit/clonedeck-vm-init.c): made at
// the VM's first command inside the VM's namespaces, with its view of the run directory and its
// uid (SandboxVmView), and from then on asked over a socket to start each command (its stdio
// passed with SCM_RIGHTS), so a command costs one exec, its own, instead of two (docs/sandbox-vms.md
// has the figures). Every wait for it has a deadline: an init that has died or does not answer
// is an error, never a hang. Closing its socket (destruction) ends it and everything in the VM.
#include "Error.h"

#include <memory>
#include <string>
#include <vector>

#include <sys/types.h>

namespace clonedeck {

struct SandboxEndpointSpec;

class SandboxVmInit
{
public:
    // What one command started through the init gives back: a pidfd of the command's own init
    // (pid 1 of the command's PID namespace; signals sent there reach the command's process group)
    // and the socket on which its wait status arrives.
    struct Started
    {
        int pidfd = -1;
        int reply = -1;
    };

    static Result<std::unique_ptr<SandboxVmInit>> start(const SandboxEndpointSpec &spec, int deadlineMs);
    ~SandboxVmInit(); // SIGKILL, reaped: the VM's PID namespace and all in it end
    SandboxVmInit(const SandboxVmInit &) = delete;
    SandboxVmInit &operator=(const SandboxVmInit &) = delete;

    // Starts `argv` (argv[0] a path) in `directory` with `envp`; `stdio` stay the caller's.
    // Thread-safe: every command has its own reply socket.
    Result<Started> run(const std::string &directory, const std::vector<std::string> &argv,
                        const std::vector<std::string> &envp, const int (&stdio)[3], int deadlineMs) const;
    // False once it has ended (its socket hung up); never blocks.
    bool alive() const;
    // Why it ended, once !alive(): reaps it and describes its status.
    QString describeEnd();
    pid_t pid() const { return m_pid; }

private:
    SandboxVmInit(pid_t pid, int control);

    pid_t m_pid = -1;
    int m_control = -1;
    bool m_reaped = false;
    int m_status = 0;
};

} // namespace clonedeck
