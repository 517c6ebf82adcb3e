#include "ConsoleAlerts.h"

#include "AgentSessionManager.h"
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
    connect(gateway, &PlatformGateway::stateChanged, this,
            [this](ConnectionState state, int) { onConnection(state); });
    connect(sessions, &AgentSessionManager::failed, this, [this](AgentSessionId id, const Error &error) {
        raise(tr("Agent failed"), tr("Agent %1: %2").arg(id).arg(error.toString()));
    });
}

void ConsoleAlerts::onDecision(const QString &cluster, const PolicyDecision &decision)
{
    if (decision.kind == PolicyDecision::Kind::Error)
        raise(tr("Policy cannot provision"), tr("Cluster %1: %2").arg(cluster, decision.reason));
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
