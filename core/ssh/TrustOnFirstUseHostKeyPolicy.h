#pragma once

// Trust on first use per (cluster, address): the first key seen at an address is pinned and
// later connections must present it. Clone addresses are reused, so the pin is dropped when
// the clone is destroyed (forgetAddress), and the next clone there is a new first use.
#include "HostKeyPinStore.h"
#include "HostKeyPolicy.h"
#include "HostKeyPolicyNames.h"

#include <memory>

namespace clonedeck {

class TrustOnFirstUseHostKeyPolicy : public HostKeyPolicy
{
public:
    explicit TrustOnFirstUseHostKeyPolicy(std::shared_ptr<HostKeyPinStore> pins);

    QString name() const override { return QLatin1String(hostkeys::kTrustOnFirstUse); }
    Status verify(const AgentTarget &target, const HostKey &presented, ssh_session_struct *session) override;
    void forgetAddress(const QString &cluster, const QString &address) override;

private:
    std::shared_ptr<HostKeyPinStore> m_pins;
};

} // namespace clonedeck
