#pragma once

// One SSH `exec` command of a sandbox VM, started: `/bin/sh -c COMMAND` in the VM's directory,
// with pipes for its stdio and a pidfd that becomes readable when it ends (no polling). Confined,
// the VM's long-lived init (SandboxVmInit) starts it in a PID and mount namespace of its own and
// reports its exact wait status on a socket; unconfined (an explicit opt-out), the shell runs bare,
// a process group of its own and our child.
#include "Error.h"
#include "SandboxSshServer.h"

#include <string>
#include <vector>

#include <sys/types.h>

namespace clonedeck {

class SandboxVmInitHolder;

class SandboxCommand
{
public:
    // Confined, through the VM's init in `vmInit` (started by the VM's first command; one that
    // has died or hangs is an error here, and forgotten, so that the next command starts anew).
    static Result<SandboxCommand> start(const SandboxEndpointSpec &spec, const std::string &command,
                                        const std::vector<std::string> &clientEnvironment,
                                        SandboxVmInitHolder &vmInit);
    SandboxCommand() = default;
    SandboxCommand(SandboxCommand &&other) noexcept;
    SandboxCommand &operator=(SandboxCommand &&other) noexcept;
    SandboxCommand(const SandboxCommand &) = delete;
    SandboxCommand &operator=(const SandboxCommand &) = delete;
    ~SandboxCommand();

    // A bare command's pid (its process group), -1 for one started by the VM's init or once reaped.
    pid_t pid() const { return m_pid; }
    int pidfd() const { return m_pidfd; }
    // The pipes' parent ends, handed over: the caller closes them.
    int takeStdin() { return std::exchange(m_stdin, -1); }
    int takeStdout() { return std::exchange(m_stdout, -1); }
    int takeStderr() { return std::exchange(m_stderr, -1); }

    // Never blocks. Returns the command's wait status as the command itself ended, or -1 while it runs.
    int reap();
    // To the command's process group (through its init when confined). Until reaped.
    void signal(int number);
    // Ends it: SIGTERM, SIGKILL after `graceMs`. Idempotent.
    void end(int graceMs);

private:
    void closeAll();

    pid_t m_pid = -1; // bare only: our child
    int m_pidfd = -1;
    int m_stdin = -1;
    int m_stdout = -1;
    int m_stderr = -1;
    int m_reply = -1; // confined only: where the init reports the wait status
    bool m_running = false;
};

} // namespace clonedeck
