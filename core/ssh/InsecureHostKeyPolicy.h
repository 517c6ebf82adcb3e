#pragma once

// Accepts any host key. Only by explicit choice: every use logs a warning and the session
// is flagged (insecureHostKey) so the UI can show it.
#include "HostKeyPolicy.h"
#include "HostKeyPolicyNames.h"

namespace clonedeck {

class InsecureHostKeyPolicy : public HostKeyPolicy
{
public:
    QString name() const override { return QLatin1String(hostkeys::kInsecure); }
    bool isInsecure() const override { return true; }
    Status verify(const AgentTarget &target, const HostKey &presented, ssh_session_struct *session) override;
};

} // namespace clonedeck
