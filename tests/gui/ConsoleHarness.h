#pragma once

// The console as main() wires it, against a test's platform: every service of
// ConsoleServices, private settings and host-key pins in a temporary directory, and the
// main window with its policy tab. Destroyed in reverse order of creation.
#include "ConsoleServices.h"

#include <QString>
#include <QTemporaryDir>

#include <memory>

namespace clonedeck {
class AgentLauncher;
class AgentSessionManager;
class ClusterMirror;
class ConsoleSettings;
class EventLogModel;
class HostKeyPolicyRegistry;
class MainWindow;
class PlatformActions;
class PolicyManager;
class XenstoreClient;
} // namespace clonedeck

namespace clonedeck::test {

class ConsoleHarness
{
public:
    // stateDir: where settings, pins and policies live (a console restarted on the same
    // directory finds them again); empty: a temporary directory of its own.
    explicit ConsoleHarness(const QString &socketPath, const QString &stateDir = {});
    ~ConsoleHarness();

    // Shows the window, starts the client and mirror; empty once loaded, else why not.
    QString start(int timeoutMs = 10000);

    MainWindow *window() const { return m_window.get(); }
    const ConsoleServices &services() const { return m_services; }

private:
    QTemporaryDir m_temporaryState;
    QString m_state;
    std::unique_ptr<ConsoleSettings> m_settings;
    std::unique_ptr<HostKeyPolicyRegistry> m_policies;
    std::unique_ptr<EventLogModel> m_log;
    std::unique_ptr<XenstoreClient> m_client;
    std::unique_ptr<ClusterMirror> m_mirror;
    std::unique_ptr<PlatformActions> m_actions;
    std::unique_ptr<AgentSessionManager> m_sessions;
    std::unique_ptr<AgentLauncher> m_launcher;
    std::unique_ptr<PolicyManager> m_policyManager;
    ConsoleServices m_services;
    std::unique_ptr<MainWindow> m_window;
};

} // namespace clonedeck::test
