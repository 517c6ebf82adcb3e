#include "HostKeyPolicyRegistry.h"

#include "HostKeyPolicy.h"

namespace clonedeck {

HostKeyPolicyRegistry::HostKeyPolicyRegistry(HostKeyPolicySettings settings)
    : m_settings(std::move(settings))
{}

Result<std::shared_ptr<HostKeyPolicy>> HostKeyPolicyRegistry::policy(const QString &name)
{
    QMutexLocker lock(&m_mutex);
    if (auto it = m_policies.constFind(name); it != m_policies.constEnd())
        return it.value();
    auto made = makeHostKeyPolicy(name, m_settings);
    if (!made)
        return made.error();
    m_policies.insert(name, *made);
    return *made;
}

} // namespace clonedeck
