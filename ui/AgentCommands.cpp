#include "AgentCommands.h"

#include "AgentLauncher.h"
#include "AgentModel.h"
#include "ConsoleIcons.h"
#include "ConsoleSettings.h"
#include "LaunchAgentDialog.h"

#include <QAction>
#include <QMap>
#include <QWidget>

namespace clonedeck {

AgentCommands::AgentCommands(AgentLauncher *launcher, AgentModel *model, ConsoleSettings *settings,
                             SelectionProvider selection, QWidget *window)
    : QObject(window)
    , m_launcher(launcher)
    , m_model(model)
    , m_settings(settings)
    , m_selection(std::move(selection))
    , m_window(window)
    , m_launch(new QAction(tr("&Launch agent…"), window))
    , m_stop(new QAction(tr("St&op agent"), window))
    , m_restart(new QAction(tr("R&estart agent"), window))
{
    m_launch->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_L));
    m_stop->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_L));
    m_restart->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_R));
    m_launch->setObjectName(QStringLiteral("launchAgent"));
    m_stop->setObjectName(QStringLiteral("stopAgent"));
    m_restart->setObjectName(QStringLiteral("restartAgent"));
    m_launch->setIcon(ConsoleIcons::action(QStringLiteral("media-playback-start"), QStringLiteral("launch")));
    m_stop->setIcon(ConsoleIcons::action(QStringLiteral("media-playback-stop"), QStringLiteral("stop")));
    m_restart->setIcon(ConsoleIcons::action(QStringLiteral("view-refresh"), QStringLiteral("restart")));
    connect(m_launch, &QAction::triggered, this, &AgentCommands::launch);
    connect(m_stop, &QAction::triggered, this, [this] { apply(true, &AgentLauncher::stop); });
    connect(m_restart, &QAction::triggered, this, [this] { apply(false, &AgentLauncher::restart); });
    connect(m_launcher, &AgentLauncher::launchFailed, this, [this](int domid, const Error &error) {
        emit message(tr("Agent on domain %1 not launched: %2").arg(domid).arg(error.toString()), true);
    });
}

QList<AgentSessionId> AgentCommands::sessionsOf(const Selection &selection, bool liveOnly) const
{
    QList<AgentSessionId> ids = selection.sessions;
    if (ids.isEmpty()) {
        for (qsizetype i = 0; i < selection.domids.size(); ++i) {
            if (const AgentSessionId id =
                    m_model->newestSessionOn(selection.domids[i], selection.hosts.value(i)))
                ids.append(id);
        }
    }
    if (liveOnly) {
        ids.removeIf([this](AgentSessionId id) {
            const auto state = m_model->state(id);
            return !state || isFinal(*state);
        });
    }
    return ids;
}

void AgentCommands::launch()
{
    const Selection selection = m_selection();
    const QList<int> domids = selection.domids;
    const QStringList hosts = selection.hosts;
    if (domids.isEmpty()) {
        emit message(tr("Select one or more clones to launch an agent on."), true);
        return;
    }
    // Window-modal and asynchronous: the GUI keeps running while it is open.
    auto *dialog = new LaunchAgentDialog(m_settings->agentCommand(), m_settings->hostKeyPolicy(),
                                         int(domids.size()), m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog, domids, hosts] {
        m_settings->setAgentCommand(dialog->command());
        launchOn(domids, dialog->command(), hosts);
    });
    dialog->open();
}

void AgentCommands::launchOn(const QList<int> &domids, const QString &command, const QStringList &hosts)
{
    // One launch per host: a domid names a domain of its own host only.
    QMap<QString, QList<int>> byHost;
    for (qsizetype i = 0; i < domids.size(); ++i)
        byHost[hosts.value(i)].append(domids[i]);
    AgentLauncher::Request request;
    request.command = command;
    request.identityFile = m_settings->identityFile();
    request.hostKeyPolicy = m_settings->hostKeyPolicy();
    for (auto it = byHost.cbegin(); it != byHost.cend(); ++it) {
        request.host = it.key();
        m_launcher->launch(it.value(), request);
    }
    emit message(tr("Launching “%1” on %n domain(s)…", nullptr, int(domids.size())).arg(command), false);
}

void AgentCommands::apply(bool liveOnly, void (AgentLauncher::*action)(const QList<AgentSessionId> &))
{
    // Stopping takes the live agents of the selection; restarting any, ended ones too.
    const QList<AgentSessionId> ids = sessionsOf(m_selection(), liveOnly);
    const int count = int(ids.size());
    if (count == 0)
        return emit message(liveOnly ? tr("No running agent in the selection.")
                                     : tr("No agent in the selection to restart."),
                            true);
    (m_launcher->*action)(ids);
    emit message(liveOnly ? tr("Stopping %n agent(s)…", nullptr, count)
                          : tr("Restarting %n agent(s)…", nullptr, count),
                 false);
}

} // namespace clonedeck
