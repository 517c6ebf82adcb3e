#pragma once

// The console's composition root, without widgets: builds every service once, in order,
// owns them, and runs the start-up sequence — connect (first starting the embedded
// platform, when asked), the mirror's first load, the platform's client key from the
// platform record it carries, then the enabled policies. app/clonedeck/main.cpp and the
// GUI tests' harness build exactly this object; MainWindow only shows what it holds.
// Quitting (destroying it) returns at once: platform calls still waiting are given up.
#include "LaunchServices.h"
#include "SshHostOptions.h"

#include <QElapsedTimer>
#include <QObject>
#include <QString>

#include <memory>

namespace spdlog::sinks {
class sink;
}

namespace clonedeck {

class AgentLauncher;
class AgentSessionManager;
class CloneTerminal;
class ConsoleAlerts;
class ClusterMirror;
class ConnectionManager;
class ClusterSampler;
class ConsoleSettings;
class EmbeddedPlatformProcess;
class EventLogModel;
class HostKeyPolicyRegistry;
class Operations;
class PlatformConnections;
class PlatformGateway;
class PolicyManager;
class SshHostPool;

class ConsoleCore : public QObject
{
    Q_OBJECT
public:
    // stateDir: where the preferences, host-key pins and policies live (a console started
    // again on it finds them); empty: the user's own (~/.config). ssh: how remote hosts are
    // reached (keys, known_hosts); default: as OpenSSH does, from ~/.ssh and ssh-agent.
    explicit ConsoleCore(const QString &stateDir = {}, const SshHostOptions &ssh = {},
                         QObject *parent = nullptr);
    ~ConsoleCore() override;

    // Connects the primary platform to the xenstored at this unix socket (on this host).
    void connectTo(const QString &socketPath);
    // Connects the platforms the operator added (ConnectionManager), remembered in the settings.
    void connectRemembered();
    // Connects to the clonedeckd serving runDir: the one already there (attached), else one it
    // starts; failed() if it cannot start. `backend`: the VM backend a new clonedeckd runs
    // ("sandbox", "qemu"); empty: its default. keepRunning: quitting leaves it running.
    void startEmbedded(const QString &runDir, const QString &backend = {}, bool keepRunning = false);
    // Whether quitting (destroying this) leaves the embedded platform running for the next start.
    void setKeepPlatformRunning(bool keep);
    // The embedded platform, when startEmbedded() was called (who started it, its pid).
    const EmbeddedPlatformProcess *embeddedPlatform() const { return m_platform.get(); }
    // The start-up sequence has run (ready() was emitted).
    bool isReady() const { return m_ready; }

    ConsoleSettings *settings() const { return m_settings.get(); }
    HostKeyPolicyRegistry *hostKeyPolicies() const { return m_hostKeyPolicies.get(); }
    EventLogModel *eventLog() const { return m_eventLog.get(); }
    // Every platform (host) the console drives; the first is the primary, started on.
    PlatformConnections *connections() const { return m_connections.get(); }
    ConnectionManager *connectionManager() const { return m_connectionManager.get(); }
    // The primary platform's gateway and mirror.
    PlatformGateway *gateway() const;
    ClusterMirror *mirror() const;
    AgentSessionManager *sessions() const { return m_sessions.get(); }
    Operations *operations() const { return m_operations.get(); }
    AgentLauncher *agentLauncher() const { return m_agentLauncher.get(); }
    PolicyManager *policies() const { return m_policies.get(); }
    CloneTerminal *terminal() const { return m_terminal.get(); }
    ConsoleAlerts *alerts() const { return m_alerts.get(); }
    ClusterSampler *sampler() const { return m_sampler.get(); }
    const LaunchServices &launchServices() const { return m_launchServices; }
    // The SSH key the platform installed in its masters (and so its clones), as its record names it.
    QString clientKey() const;

signals:
    void ready();
    // The console cannot go on: the platform's own reason, and what the operator can do.
    void failed(const QString &reason, const QString &advice);

private:
    void onLoaded();

    QElapsedTimer m_sinceStart;
    std::unique_ptr<EmbeddedPlatformProcess> m_platform; // first made, last gone: clonedeckd stops after all
    std::unique_ptr<ConsoleSettings> m_settings;
    std::unique_ptr<HostKeyPolicyRegistry> m_hostKeyPolicies;
    std::unique_ptr<EventLogModel> m_eventLog;
    std::shared_ptr<spdlog::sinks::sink> m_eventSink;
    std::unique_ptr<SshHostPool> m_sshHosts;            // outlives the connections riding its hosts
    std::unique_ptr<PlatformConnections> m_connections; // each platform's gateway and mirror
    std::unique_ptr<ConnectionManager> m_connectionManager;
    std::unique_ptr<AgentSessionManager> m_sessions;
    LaunchServices m_launchServices;
    std::unique_ptr<Operations> m_operations;
    std::unique_ptr<AgentLauncher> m_agentLauncher;
    std::unique_ptr<CloneTerminal> m_terminal;
    std::unique_ptr<PolicyManager> m_policies; // gone early: its agents stop while the sessions still run
    std::unique_ptr<ConsoleAlerts> m_alerts;   // hears the policies, the gateway and the sessions
    std::unique_ptr<ClusterSampler> m_sampler;
    bool m_ready = false;
};

} // namespace clonedeck
