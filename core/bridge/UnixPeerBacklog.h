#pragma once

// How many bytes written into a connected unix stream socket its peer has not
// read yet: what a paused VM's QEMU had not taken from the bridge at a snapshot,
// and so never reached the guest. The kernel's socket diagnostics (unix_diag,
// as `ss -x` uses) give the peer's receive queue exactly; SIOCOUTQ on our end
// counts memory with per-buffer overhead instead (100 bytes written, 768
// reported here), which cannot tell how much of a message arrived.
#include "Error.h"

namespace clonedeck::bridge {

class UnixPeerBacklog
{
public:
    static Result<qint64> unreadByPeer(int connectedFd);
};

} // namespace clonedeck::bridge
