#pragma once

// A xenstored on another host: its unix socket reached through the host's SSH connection
// (a direct-streamlocal channel bridged to a local socket, so XenstoreClient works unchanged).
#include "ConnectionUri.h"
#include "XenstoreTransport.h"

#include <memory>

namespace clonedeck {

class SshHost;

class SshXenstoreTransport : public XenstoreTransport
{
public:
    SshXenstoreTransport(ConnectionUri uri, std::shared_ptr<SshHost> host);

    // Blocks the client's worker thread until the channel is open, at most the host's timeout.
    Result<int> connect() override;
    QString uri() const override { return m_uri.toString(); }

private:
    ConnectionUri m_uri;
    std::shared_ptr<SshHost> m_host;
};

} // namespace clonedeck
