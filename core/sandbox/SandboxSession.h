#pragma once

// One SSH connection to a sandbox VM, served on a thread of its own: key
// exchange, public-key authentication against the VM's authorized_keys, one
// session channel whose `exec` runs `/bin/sh -c CMD` in the VM (SandboxCommand),
// with its stdin/stdout/stderr pumped to and from the channel at the pace of the
// slower side and its exit status sent back. The command ends with the connection.
#include "SandboxSshServer.h"

#include <functional>
#include <memory>

struct ssh_session_struct;

namespace clonedeck {

class SandboxVmInitHolder;

// Null if no thread could be made for it (the caller refuses the connection; the session
// is then still the caller's). `finished` runs on the connection's thread as it ends.
std::shared_ptr<SandboxSshServer::Connection> startConnection(ssh_session_struct *session,
                                                              const SandboxEndpointSpec &spec,
                                                              std::shared_ptr<SandboxVmInitHolder> vmInit,
                                                              std::function<void()> finished);
int connectionDomid(const SandboxSshServer::Connection &connection);
// While its command runs, the root of the VM's processes: the command's own pid (unconfined) or the
// VM's init; 0 while none runs.
pid_t commandPid(const SandboxSshServer::Connection &connection);
bool isFinished(const SandboxSshServer::Connection &connection);
bool isAuthenticated(const SandboxSshServer::Connection &connection);
// Asks it to end now: wakes it wherever it waits (key exchange included) by shutting its socket.
void requestStop(SandboxSshServer::Connection &connection);
void killProcesses(SandboxSshServer::Connection &connection);
void joinConnection(SandboxSshServer::Connection &connection);

} // namespace clonedeck
