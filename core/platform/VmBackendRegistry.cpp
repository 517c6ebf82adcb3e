#include "VmBackendRegistry.h"

namespace clonedeck {

void VmBackendRegistry::add(const QString &name, Factory factory)
{
    m_factories.insert(name, std::move(factory));
}

Result<std::unique_ptr<VmBackend>> VmBackendRegistry::create(const QString &name,
                                                             const VmBackendContext &context) const
{
    const auto factory = m_factories.constFind(name);
    if (factory == m_factories.constEnd())
        return Error{EINVAL, name,
                     QStringLiteral("no such VM backend (this clonedeckd has: %1)")
                         .arg(names().join(QStringLiteral(", ")))};
    auto backend = (*factory)(context);
    if (!backend)
        return Error{EINVAL, name, QStringLiteral("the VM backend could not be built")};
    return backend;
}

} // namespace clonedeck
