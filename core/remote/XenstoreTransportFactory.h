#pragma once

// The transport for a connection URI: UnixSocketTransport for unix://, SshXenstoreTransport
// (through the pool's shared connection to that host) for ssh://.
#include "ConnectionUri.h"
#include "XenstoreTransport.h"

#include <memory>

namespace clonedeck {

class SshHostPool;

std::unique_ptr<XenstoreTransport> makeXenstoreTransport(const ConnectionUri &uri, SshHostPool &hosts);

} // namespace clonedeck
