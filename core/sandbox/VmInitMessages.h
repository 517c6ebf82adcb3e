#pragma once

// The messages clonedeckd and a sandbox VM's init (core/vminit/clonedeck-vm-init.c) exchange, on
// the daemon's side: a command's request with its descriptors, and the replies it gets
// (vm-init-protocol.h has the wire format). SandboxVmInit speaks through these; so does
// test_vm_init, which drives an init without a VM around it.
#include "Error.h"

#include <cstdint>
#include <string>
#include <vector>

namespace clonedeck::vminit {

struct Reply
{
    int32_t code = 0;
    int32_t detail = 0;
    int fd = -1; // passed along with it, if any
};

// One message within `deadlineMs`: 1 = got it, 0 = the peer closed (died), -1 = no answer in time.
int receiveReply(int fd, int deadlineMs, Reply &reply);

// "DIRECTORY\0ARGC\0ARGV...\0ENV...\0"
std::string requestPayload(const std::string &directory, const std::vector<std::string> &argv,
                           const std::vector<std::string> &envp);

// The request with stdin, stdout, stderr and the command's reply socket (SCM_RIGHTS), waiting at
// most `deadlineMs` for room on the control socket.
Status sendRequest(int control, const std::string &payload, const int (&fds)[4], int deadlineMs);

} // namespace clonedeck::vminit
