#include "XenstoreTransportFactory.h"

#include "SshHostPool.h"
#include "SshXenstoreTransport.h"
#include "UnixSocketTransport.h"

namespace clonedeck {

std::unique_ptr<XenstoreTransport> makeXenstoreTransport(const ConnectionUri &uri, SshHostPool &hosts)
{
    if (uri.scheme == ConnectionUri::Unix)
        return std::make_unique<UnixSocketTransport>(uri.path);
    return std::make_unique<SshXenstoreTransport>(uri, hosts.host(uri));
}

} // namespace clonedeck
