#pragma once

// The services every launch works with, made once by a composition root (ConsoleCore;
// clonectl's launch and policy verbs) and handed down by pointer: the platform's gateway
// (its one connection), the agent sessions, the host-key policies by name, and the live
// mirror where there is one. LaunchPipeline, AgentLauncher, PolicyEngine and
// PolicyManager take exactly this.
#include <memory>

namespace clonedeck {

class AgentSessionManager;
class ClusterMirror;
class HostKeyPolicyRegistry;
class PlatformGateway;
class TcpTunnel;

struct LaunchServices
{
    PlatformGateway *gateway = nullptr;
    AgentSessionManager *sessions = nullptr;
    HostKeyPolicyRegistry *hostKeyPolicies = nullptr;
    ClusterMirror *mirror = nullptr; // none in `clonectl launch`
    // The platform's host is remote: its clones are reached through its SSH connection
    // (core/remote's SshHost). null: they are reachable from here.
    std::shared_ptr<TcpTunnel> tunnel = nullptr;
};

} // namespace clonedeck
