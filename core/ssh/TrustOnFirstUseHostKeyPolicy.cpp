#include "TrustOnFirstUseHostKeyPolicy.h"

#include "Log.h"

namespace clonedeck {

TrustOnFirstUseHostKeyPolicy::TrustOnFirstUseHostKeyPolicy(std::shared_ptr<HostKeyPinStore> pins)
    : m_pins(std::move(pins))
{}

Status TrustOnFirstUseHostKeyPolicy::verify(const AgentTarget &target, const HostKey &presented,
                                            ssh_session_struct *)
{
    Result<HostKey> pinned = m_pins->pinAddressIfAbsent(pinScope(target), target.address, presented);
    if (!pinned.ok())
        return pinned.error();
    if (pinned.value() == presented)
        return Done{};
    return rejected(target,
                    QStringLiteral("host key changed for %1: it presented %2 but %3 was trusted on first "
                                   "use there (if the clone was replaced, forget the address first)")
                        .arg(describe(target), presented.fingerprint, pinned.value().fingerprint));
}

void TrustOnFirstUseHostKeyPolicy::forgetAddress(const QString &cluster, const QString &address)
{
    Status forgotten = m_pins->forgetAddress(cluster, address);
    if (!forgotten.ok())
        spdlog::warn("ssh: cannot forget the host key pin of {}: {}", address, forgotten.error().toString());
}

} // namespace clonedeck
