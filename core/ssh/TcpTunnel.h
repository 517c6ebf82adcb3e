#pragma once

// A way to reach a TCP endpoint other than connecting to it from this machine: a clone on
// another host is reached through that host's SSH connection (direct-tcpip, core/remote's
// SshHost). SshConnection asks it for its socket instead of connecting itself.
#include "Error.h"

#include <QString>
#include <QStringList>

namespace clonedeck {

class TcpTunnel
{
public:
    virtual ~TcpTunnel() = default;

    // A connected, non-blocking, close-on-exec stream to host:port *as seen from the far end*
    // (the caller owns and closes it). Returns at once, without waiting for the far end: if
    // the tunnel cannot be opened, the stream ends (EOF) and the caller retries as it would
    // after a refused connect. Thread-safe.
    virtual Result<int> openTcpStream(const QString &host, quint16 port) = 0;
    // For messages: "via ssh://host".
    virtual QString description() const = 0;
    // The identity files that log in to the far end (after ssh-agent; empty: ~/.ssh/id_*): a
    // session through the tunnel given no key of its own offers the same ones, which the far
    // end's clones accept when its platform lists them as operator keys (docs/remote-hosts.md).
    virtual QStringList identityFiles() const { return {}; }
};

} // namespace clonedeck
