#pragma once

// The services every launch works with, made once by a composition root (ConsoleCore;
// clonectl's launch and policy verbs) and handed down by pointer: the platform's gateway
// (its one connection), the agent sessions, the host-key policies by name, and the live
// mirror where there is one. LaunchPipeline, AgentLauncher, PolicyEngine and
// PolicyManager take exactly this.
namespace clonedeck {

class AgentSessionManager;
class ClusterMirror;
class HostKeyPolicyRegistry;
class PlatformGateway;

struct LaunchServices
{
    PlatformGateway *gateway = nullptr;
    AgentSessionManager *sessions = nullptr;
    HostKeyPolicyRegistry *hostKeyPolicies = nullptr;
    ClusterMirror *mirror = nullptr; // none in `clonectl launch`
};

} // namespace clonedeck
