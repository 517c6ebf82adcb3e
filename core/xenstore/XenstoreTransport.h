#pragma once

// How the console reaches one xenstored: something that yields a connected byte stream
// speaking xenstore's wire protocol. A unix socket today (UnixSocketTransport); an SSH
// channel to a remote host's socket later, as a class beside it. The asynchronous client
// (XenstoreClient) asks for a new stream on every (re)connect and owns what it gets.
#include "Error.h"

#include <QString>

namespace clonedeck {

class XenstoreTransport
{
public:
    virtual ~XenstoreTransport() = default;

    // A connected, non-blocking, close-on-exec file descriptor (the caller closes it), or why not.
    // Called on the client's worker thread.
    virtual Result<int> connect() = 0;
    // Where it leads, as a URI: unix:///run/xenstored/socket (later ssh://user@host/path).
    virtual QString uri() const = 0;
};

} // namespace clonedeck
