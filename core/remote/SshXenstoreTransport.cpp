#include "SshXenstoreTransport.h"

#include "SshHost.h"

namespace clonedeck {

SshXenstoreTransport::SshXenstoreTransport(ConnectionUri uri, std::shared_ptr<SshHost> host)
    : m_uri(std::move(uri))
    , m_host(std::move(host))
{}

Result<int> SshXenstoreTransport::connect()
{
    return m_host->openUnixStream(m_uri.path);
}

} // namespace clonedeck
