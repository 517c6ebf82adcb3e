#pragma once

// What an operator must hear about even when looking elsewhere: a policy that cannot
// provision, the platform becoming unreachable, an agent failing. Each goes to the event
// log at once (spdlog, warning) and out as alert(title, text) for the desktop (the console's
// tray notification); a burst within kCoalesceMs becomes one alert, so a hundred failing
// agents make one notification, not a hundred.
#include "AgentTypes.h"
#include "XenstoreTypes.h"

#include <QObject>
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

    QTimer m_coalesce;
    QString m_title;
    QStringList m_pending;
    bool m_wasConnected = false;
};

} // namespace clonedeck
