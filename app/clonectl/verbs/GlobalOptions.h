#pragma once

#include "SshHostOptions.h"

#include <QString>

#include <memory>

namespace clonedeck {
class TcpTunnel;
}

namespace clonedeck::cli {

// Options every clonectl verb shares.
struct GlobalOptions
{
    QString socketPath; // empty: XENSTORED_PATH or the system default
    int domid = 0;
    bool domidGiven = false; // else a guest acts as its own domain (the one its channel belongs to)
    bool json = false;
    QString connect;    // --connect URI, else $CLONEDECK_CONNECT; empty: socketPath
    SshHostOptions ssh; // --ssh-identity, --known-hosts, --accept-host-key
    // Set up by an ssh:// --connect: the platform's clones are reached through its host.
    std::shared_ptr<TcpTunnel> clonesVia;
};

} // namespace clonedeck::cli
