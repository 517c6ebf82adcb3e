#pragma once

// One SSH `exec` command of a sandbox VM, started: `/bin/sh -c COMMAND` under the VM's init
// helper (clonedeck-vm-init), inside the view SandboxVmView builds, in the VM's directory,
// with pipes for its stdio, a pidfd that becomes readable when it ends (no polling), and
// the pipe on which its init reports the command's exact wait status.
#include "Error.h"
#include "SandboxSshServer.h"

#include <string>
#include <vector>

#include <sys/types.h>

namespace clonedeck {

class SandboxCommand
{
public:
    static Result<SandboxCommand> start(const SandboxEndpointSpec &spec, const std::string &command,
                                        const std::vector<std::string> &clientEnvironment);
    SandboxCommand() = default;
    SandboxCommand(SandboxCommand &&other) noexcept;
    SandboxCommand &operator=(SandboxCommand &&other) noexcept;
    SandboxCommand(const SandboxCommand &) = delete;
    SandboxCommand &operator=(const SandboxCommand &) = delete;
    ~SandboxCommand();

    pid_t pid() const { return m_pid; } // the init; its process group is the whole command
    int pidfd() const { return m_pidfd; }
    // The pipes' parent ends, handed over: the caller closes them.
    int takeStdin() { return std::exchange(m_stdin, -1); }
    int takeStdout() { return std::exchange(m_stdout, -1); }
    int takeStderr() { return std::exchange(m_stderr, -1); }

    // Reaps the init if it has ended (never blocks). Returns the command's wait status as the
    // command itself ended, or -1 while it runs.
    int reap();
    // Ends it: SIGTERM to its group, SIGKILL after `graceMs`, and reaps it. Idempotent.
    void end(int graceMs);

private:
    void closeAll();

    pid_t m_pid = -1;
    int m_pidfd = -1;
    int m_stdin = -1;
    int m_stdout = -1;
    int m_stderr = -1;
    int m_status = -1; // read end of the init's status report
};

} // namespace clonedeck
