#pragma once

// The services every launch works with, made once by a composition root (ConsoleCore;
// clonectl's launch and policy verbs) and handed down by pointer: the platform's gateway
// (its one connection), the agent sessions, the host-key policies by name, and the live
// mirror where there is one. LaunchPipeline, AgentLauncher, PolicyEngine and
// PolicyManager take exactly this.
#include <QString>

#include <memory>

namespace clonedeck {

class AgentSessionManager;
class ClusterMirror;
class HostKeyPolicyRegistry;
class PlatformConnections;
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
    std::shared_ptr<TcpTunnel> tunnel = nullptr; // initialised: LaunchServices{a, b, c, d} stays warning-free
    // Every platform the console drives (gateway and mirror above: the primary's); none in clonectl.
    // A policy over several hosts launches each worker with the services of the host it chose.
    PlatformConnections *platforms = nullptr;
};

// The same services on another host (connection name): its gateway, mirror and tunnel, so
// what is launched there reaches its clones through that host's SSH connection. An empty or
// unknown name, or no platforms (clonectl): the services as they are.
LaunchServices launchServicesOn(const LaunchServices &services, const QString &host);

} // namespace clonedeck
