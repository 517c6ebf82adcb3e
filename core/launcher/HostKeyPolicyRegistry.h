#pragma once

// One shared instance per host-key policy name for the whole console, so the agents
// view, the test bench and the session manager see the same pins (a policy object keeps
// state: pins, first contacts). Built on first use from HostKeyPolicySettings.
#include "Error.h"
#include "HostKeyPolicies.h"

#include <QHash>
#include <QMutex>
#include <QString>

#include <memory>

namespace clonedeck {

class HostKeyPolicy;

class HostKeyPolicyRegistry
{
public:
    explicit HostKeyPolicyRegistry(HostKeyPolicySettings settings = {});

    Result<std::shared_ptr<HostKeyPolicy>> policy(const QString &name);
    HostKeyPolicySettings settings() const { return m_settings; }

private:
    HostKeyPolicySettings m_settings;
    QMutex m_mutex;
    QHash<QString, std::shared_ptr<HostKeyPolicy>> m_policies;
};

} // namespace clonedeck
