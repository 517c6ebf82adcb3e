#pragma once

// The console's agent actions (launch, stop, restart on the selected domains), with their
// shortcuts, acting through AgentLauncher only. Which domains and sessions are "selected"
// is asked of the window when an action fires, so the actions work from any tab.
#include "AgentTypes.h"

#include <QObject>

#include <functional>

class QAction;
class QWidget;

namespace clonedeck {

class AgentLauncher;
class AgentModel;
class ConsoleSettings;

class AgentCommands : public QObject
{
    Q_OBJECT
public:
    struct Selection
    {
        QList<int> domids;
        QStringList hosts; // hosts[i]: the host (connection name) of domids[i]; empty: the primary
        QList<AgentSessionId> sessions; // explicit sessions (agents tab); else the newest on each domain
    };
    using SelectionProvider = std::function<Selection()>;

    AgentCommands(AgentLauncher *launcher, AgentModel *model, ConsoleSettings *settings,
                  SelectionProvider selection, QWidget *window);

    QList<QAction *> actions() const { return {m_launch, m_stop, m_restart}; }
    QAction *launchAction() const { return m_launch; }
    QAction *stopAction() const { return m_stop; }
    QAction *restartAction() const { return m_restart; }
    // Launches without asking: the command given, the preferences for the rest; each domain on its
    // host (hosts[i] for domids[i]; missing or empty: the primary), through that host's connection.
    void launchOn(const QList<int> &domids, const QString &command, const QStringList &hosts = {});

signals:
    void message(const QString &text, bool error);

private:
    void launch();
    void apply(bool liveOnly, void (AgentLauncher::*action)(const QList<AgentSessionId> &));
    QList<AgentSessionId> sessionsOf(const Selection &selection, bool liveOnly) const;

    AgentLauncher *m_launcher;
    AgentModel *m_model;
    ConsoleSettings *m_settings;
    SelectionProvider m_selection;
    QWidget *m_window;
    QAction *m_launch;
    QAction *m_stop;
    QAction *m_restart;
};

} // namespace clonedeck
