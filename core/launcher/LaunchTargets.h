#pragma once

// Where an agent runs, as the SSH side needs it (a domain's host-side SSH address, the
// user, the master instance whose lineage it belongs to), and what its end means.
#include "AgentTypes.h"
#include "PlatformRecords.h"

namespace clonedeck {

// Whether an agent can reach the domain: its host-side SSH address and port are known (a
// clone's record names its address when it is planned, its port only once it runs).
bool hasSshEndpoint(const DomainInfo &domain);
// user empty: the local user name. masterCreatedMs: when the domain's master was made (0: unknown).
AgentTarget agentTargetOf(const DomainInfo &domain, qint64 masterCreatedMs, const QString &user);
// One lineage under one host-key policy: the policy, the cluster and the master instance.
QString lineageKey(const AgentTarget &target, const QString &hostKeyPolicy);
// The agent's exit status as a shell reports it: its code, or 128 + N for death by signal N.
int shellExitCode(const AgentExit &exit);

} // namespace clonedeck
