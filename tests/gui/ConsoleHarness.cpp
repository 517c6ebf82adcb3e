#include "ConsoleHarness.h"

#include "AgentLauncher.h"
#include "AgentSessionManager.h"
#include "ClusterMirror.h"
#include "ConsoleSettings.h"
#include "EventLogModel.h"
#include "HostKeyPolicyRegistry.h"
#include "MainWindow.h"
#include "PlatformActions.h"
#include "PolicyManager.h"
#include "XenstoreClient.h"

#include <QSignalSpy>

namespace clonedeck::test {

ConsoleHarness::ConsoleHarness(const QString &socketPath, const QString &stateDir)
    : m_state(stateDir.isEmpty() ? m_temporaryState.path() : stateDir)
    , m_settings(std::make_unique<ConsoleSettings>(m_state + QStringLiteral("/clonedeck.ini")))
    , m_policies(std::make_unique<HostKeyPolicyRegistry>(
          HostKeyPolicySettings{m_state + QStringLiteral("/host-keys.ini"), {}}))
    , m_log(std::make_unique<EventLogModel>())
    , m_client(std::make_unique<XenstoreClient>(socketPath))
    , m_mirror(std::make_unique<ClusterMirror>(m_client.get()))
    , m_actions(std::make_unique<PlatformActions>(socketPath))
{
    m_settings->setCoalescingMs(0);
    m_sessions = std::make_unique<AgentSessionManager>(*m_policies->policy(QStringLiteral("lineage")));
    m_launcher =
        std::make_unique<AgentLauncher>(m_sessions.get(), m_mirror.get(), m_actions.get(), m_policies.get());
    m_services.client = m_client.get();
    m_services.mirror = m_mirror.get();
    m_services.actions = m_actions.get();
    m_services.log = m_log.get();
    m_services.sessions = m_sessions.get();
    m_services.hostKeyPolicies = m_policies.get();
    m_services.agentLauncher = m_launcher.get();
    m_services.settings = m_settings.get();
    PolicyManager::Services policyServices{
        {socketPath, 1, {}}, m_sessions.get(), m_mirror.get(), m_actions.get(), [this](const QString &name) {
            return m_policies->policy(name);
        }};
    m_policyManager = std::make_unique<PolicyManager>(PolicyStore(m_state + QStringLiteral("/policies.ini")),
                                                      policyServices);
    m_services.policies = m_policyManager.get();
    m_window = std::make_unique<MainWindow>(m_services);
}

ConsoleHarness::~ConsoleHarness()
{
    m_window.reset();
    m_policyManager.reset();
    m_launcher.reset();
    m_sessions.reset();
    m_mirror.reset();
    m_client.reset();
    m_actions.reset();
}

QString ConsoleHarness::start(int timeoutMs)
{
    m_window->show();
    QSignalSpy loaded(m_mirror.get(), &ClusterMirror::loaded);
    m_client->start();
    m_mirror->start();
    return loaded.wait(timeoutMs) ? QString()
                                  : QStringLiteral("the mirror did not load in %1 ms").arg(timeoutMs);
}

} // namespace clonedeck::test
