#pragma once

// One SSH connection to a sandbox VM, served on a thread of its own: key
// exchange, public-key authentication against the VM's authorized_keys, one
// session channel whose `exec` runs `/bin/sh -c CMD` in the VM, with its
// stdin/stdout/stderr pumped to and from the channel and its exit status sent
// back. The command's process group ends with the connection.
#include "SandboxSshServer.h"

#include <memory>

struct ssh_session_struct;

namespace clonedeck {

std::shared_ptr<SandboxSshServer::Connection> startConnection(ssh_session_struct *session,
                                                              const SandboxEndpointSpec &spec);
int connectionDomid(const SandboxSshServer::Connection &connection);
bool isFinished(const SandboxSshServer::Connection &connection);
void requestStop(SandboxSshServer::Connection &connection);
void killProcesses(SandboxSshServer::Connection &connection);
void joinConnection(SandboxSshServer::Connection &connection);

} // namespace clonedeck
