#include "ConsoleAlerts.h"

#include "AgentSessionManager.h"
#include "LaunchTargets.h"
#include "Log.h"
#include "PlatformGateway.h"
#include "PolicyEngine.h"
#include "PolicyManager.h"

namespace clonedeck {

ConsoleAlerts::ConsoleAlerts(PolicyManager *policies, PlatformGateway *gateway, AgentSessionManager *sessions,
                             QObject *parent)
    : QObject(parent)
{
    m_coalesce.setSingleShot(true);
    m_coalesce.setInterval(kCoalesceMs);
    connect(&m_coalesce, &QTimer::timeout, this, &ConsoleAlerts::flush);
    connect(policies, &PolicyManager::decided, this, &ConsoleAlerts::onDecision);
    connect(policies, &PolicyManager::engineStateChanged, this, [this, policies](const QString &cluster) {
        const PolicyEngine *engine = policies->engine(cluster);
        onProvisioned(cluster, engine ? engine->running() : 0);
    });
    connect(gateway, &PlatformGateway::stateChanged, this,
            [this](ConnectionState state, int) { onConnection(state); });
    connect(sessions, &AgentSessionManager::failed, this, [this](AgentSessionId id, const Error &error) {
        raise(tr("Agent failed"), tr("Agent %1: %2").arg(id).arg(error.toString()));
    });
    // A command that ends with a non-zero status failed at its job (a build, a test run), though
    // its session ran as it should (it stays "exited"); an operator's stop is no failure.
    connect(sessions, &AgentSessionManager::exited, this, [this](AgentSessionId id, const AgentExit &exit) {
        if (exit.statusKnown && !exit.stoppedByRequest && shellExitCode(exit) != 0)
            raise(tr("Agent failed"),
                  tr("Agent %1: %2")
                      .arg(id)
                      .arg(tr("its command exited with status %1").arg(shellExitCode(exit))));
    });
}

// Once per episode, not once per retry: a policy whose tickets cannot be granted retries with a
// backoff for as long as the demand lasts. The episode ends when the policy runs more agents.
void ConsoleAlerts::onDecision(const QString &cluster, const PolicyDecision &decision)
{
    const bool cannotProvision =
        decision.kind == PolicyDecision::Kind::Error || decision.kind == PolicyDecision::Kind::Retry;
    if (!cannotProvision || m_cannotProvision.contains(cluster))
        return;
    m_cannotProvision.insert(cluster);
    raise(tr("Policy cannot provision"), tr("Cluster %1: %2").arg(cluster, decision.reason));
}

void ConsoleAlerts::onProvisioned(const QString &cluster, int running)
{
    if (running > m_running.value(cluster))
        m_cannotProvision.remove(cluster);
    m_running.insert(cluster, running);
}

void ConsoleAlerts::onConnection(ConnectionState state)
{
    // Once per loss, not once per retry.
    if (state == ConnectionState::Connected) {
        m_wasConnected = true;
    } else if (m_wasConnected &&
               (state == ConnectionState::Reconnecting || state == ConnectionState::Disconnected)) {
        m_wasConnected = false;
        raise(tr("Platform unreachable"),
              tr("The connection to the platform was lost; the console reconnects."));
    }
}

void ConsoleAlerts::raise(const QString &title, const QString &text)
{
    spdlog::warn("{}: {}", title, text);
    if (!m_pending.isEmpty() && m_title != title)
        flush(); // one title per alert
    m_title = title;
    m_pending.append(text);
    if (!m_coalesce.isActive())
        m_coalesce.start();
}

void ConsoleAlerts::flush()
{
    m_coalesce.stop();
    if (m_pending.isEmpty())
        return;
    const QString text =
        m_pending.size() == 1
            ? m_pending.first()
            : tr("%n events, the last: %1", nullptr, int(m_pending.size())).arg(m_pending.last());
    m_pending.clear();
    emit alert(m_title, text);
}

} // namespace clonedeck
