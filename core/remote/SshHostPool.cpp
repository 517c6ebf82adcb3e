#include "SshHostPool.h"

#include "SshHost.h"

namespace clonedeck {

SshHostPool::SshHostPool(SshHostOptions options)
    : m_options(std::move(options))
{}

SshHostPool::~SshHostPool() = default;

std::shared_ptr<SshHost> SshHostPool::host(const ConnectionUri &uri)
{
    if (uri.scheme != ConnectionUri::Ssh)
        return nullptr;
    ConnectionUri endpoint = uri;
    endpoint.path.clear();
    const QString key = endpoint.toString();
    QMutexLocker lock(&m_mutex);
    if (std::shared_ptr<SshHost> existing = m_hosts.value(key).lock())
        return existing;
    auto made = std::make_shared<SshHost>(endpoint, m_options);
    m_hosts.insert(key, made);
    return made;
}

} // namespace clonedeck
