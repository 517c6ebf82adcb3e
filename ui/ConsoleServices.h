#pragma once

// The services the console's windows work with, created and owned by main() (or a test)
// and handed down by pointer: adding a service is adding one field here.
namespace clonedeck {

class AgentLauncher;
class AgentSessionManager;
class ClusterMirror;
class ConsoleSettings;
class EventLogModel;
class HostKeyPolicyRegistry;
class PlatformActions;
class PolicyManager;
class XenstoreClient;

struct ConsoleServices
{
    XenstoreClient *client = nullptr;
    ClusterMirror *mirror = nullptr;
    PlatformActions *actions = nullptr;
    EventLogModel *log = nullptr;
    AgentSessionManager *sessions = nullptr;
    HostKeyPolicyRegistry *hostKeyPolicies = nullptr;
    AgentLauncher *agentLauncher = nullptr;
    ConsoleSettings *settings = nullptr;
    PolicyManager *policies = nullptr; // optional: without it the console has no policy tab
};

} // namespace clonedeck
