#pragma once

// What an operator must hear about even when looking elsewhere: a policy that cannot
// provision (its demand source fails, or its tickets cannot be granted: once until it runs
// more agents again), the platform becoming unreachable, an agent failing (its session
// failed, or its command exited with a non-zero status). Each goes to the event
// log at once (spdlog, warning) and out as alert(title, text) for the desktop (the console's
// tray notification); a burst within kCoalesceMs becomes one alert, so a hundred failing
// agents make one notification, not a hundred.
#include "AgentTypes.h"
#include "XenstoreTypes.h"

#include <QHash>
#include <QObject>
#include <QSet>
#include <QStringList>
#include <QTimer>

namespace clonedeck {

class AgentSessionManager;
class PlatformGateway;
class PolicyManager;
struct PolicyDecision;

class ConsoleAlerts : public QObject
{
    Q_OBJECT
public:
    ConsoleAlerts(PolicyManager *policies, PlatformGateway *gateway, AgentSessionManager *sessions,
                  QObject *parent = nullptr);

    static constexpr int kCoalesceMs = 1000;

signals:
    void alert(const QString &title, const QString &text);

private:
    void raise(const QString &title, const QString &text);
    void flush();
    void onConnection(ConnectionState state);
    void onDecision(const QString &cluster, const PolicyDecision &decision);
    void onProvisioned(const QString &cluster, int running);

    QTimer m_coalesce;
    QString m_title;
    QStringList m_pending;
    bool m_wasConnected = false;
    QSet<QString> m_cannotProvision; // clusters already alerted about, until they run more agents
    QHash<QString, int> m_running;   // each cluster's running agents when last told
};

} // namespace clonedeck
