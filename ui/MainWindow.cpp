#include "MainWindow.h"

#include "AgentCommands.h"
#include "AgentLauncher.h"
#include "AgentModel.h"
#include "AgentsView.h"
#include "ConnectionsDialog.h"
#include "ConsoleCore.h"
#include "ConsoleIcons.h"
#include "ConsoleNotifier.h"
#include "ConsoleSettings.h"
#include "ConsoleTabs.h"
#include "DashboardView.h"
#include "EventLogView.h"
#include "MembershipModel.h"
#include "MembershipView.h"
#include "PaletteNavigator.h"
#include "PlatformCommands.h"
#include "PolicyTab.h"
#include "PreferencesDialog.h"
#include "RowContextMenu.h"
#include "StatusBarPresenter.h"
#include "TestBenchView.h"
#include "TicketsView.h"

#include <QAction>
#include <QStatusBar>
#include <QToolBar>

namespace clonedeck {

MainWindow::MainWindow(ConsoleCore &core, QWidget *parent)
    : QMainWindow(parent)
    , m_core(core)
    , m_tabs(new ConsoleTabs(this))
    , m_status(new StatusBarPresenter(statusBar(), core.operations(), core.connections(), this))
{
    setWindowTitle(tr("Clonedeck"));
    resize(1200, 760);
    buildTabs();
    buildActions();
}

MainWindow::~MainWindow() = default;

void MainWindow::buildTabs()
{
    m_membership = new MembershipView(m_core.connections(), this);
    m_tickets = new TicketsView(m_core.connections(), this);
    // One direction: sessions -> agent model -> membership's agent column.
    m_agents = new AgentModel(this);
    m_agents->setCoalescingMs(m_core.settings()->coalescingMs());
    m_agents->setPlatforms(m_core.connections());
    m_agents->follow(m_core.sessions());
    connect(m_core.agentLauncher(), &AgentLauncher::launched, m_agents, &AgentModel::addSession);
    connect(m_agents, &AgentModel::domainAgentStateChanged, m_membership->model(),
            &MembershipModel::setAgentStateOn);
    m_membership->setAgentModel(m_agents);
    m_agentsView = new AgentsView(m_agents, this);
    m_testBench = new TestBenchView(m_core, this);
    auto *policies = new PolicyTab(m_core.policies(), this);
    connect(policies, &PolicyTab::message, m_status, &StatusBarPresenter::report);
    auto *log = new EventLogView(m_core.eventLog(), this);
    connect(log, &EventLogView::message, m_status, &StatusBarPresenter::report);

    m_tabs->addPage(m_membership, tr("&Membership"), QStringLiteral("membership"));
    m_tabs->addPage(m_tickets, tr("&Tickets"), QStringLiteral("tickets"));
    m_tabs->addPage(m_agentsView, tr("&Agents"), QStringLiteral("agents"));
    m_tabs->addPage(m_testBench, tr("Test &bench"), QStringLiteral("testbench"));
    m_tabs->addPage(new DashboardView(m_core.sampler(), m_core.connections(), this), tr("&Dashboard"),
                    QStringLiteral("dashboard"));
    m_tabs->addPage(policies, tr("&Policy"), QStringLiteral("policy"));
    m_tabs->addPage(log, tr("&Event log"), QStringLiteral("events"));
    setCentralWidget(m_tabs);
}

void MainWindow::buildActions()
{
    m_platformCommands = new PlatformCommands(
        m_core.operations(),
        [this] {
            return PlatformCommands::Selection{m_membership->selectedDomains(), m_tickets->selectedTicket(),
                                               m_membership->selectedHosts(), m_tickets->selectedTicketHost(),
                                               m_membership->currentHost()};
        },
        this);
    connect(m_platformCommands, &PlatformCommands::message, m_status, &StatusBarPresenter::report);
    m_agentCommands = new AgentCommands(
        m_core.agentLauncher(), m_agents, m_core.settings(),
        [this] {
            AgentCommands::Selection selection;
            if (currentTab() == QLatin1String("agents")) {
                selection.sessions = m_agentsView->selectedSessions();
                selection.domids = m_agentsView->selectedDomids(&selection.hosts);
            } else {
                selection.domids = selectedDomids(&selection.hosts);
            }
            return selection;
        },
        this);
    connect(m_agentCommands, &AgentCommands::message, m_status, &StatusBarPresenter::report);

    // Theme icons where the desktop has them, ours otherwise (resources/console_icons.qrc).
    auto make = [this](const QString &text, const QKeySequence &shortcut, const char *themeIcon,
                       const char *bundledIcon, auto slot) {
        auto *action = new QAction(text, this);
        action->setShortcut(shortcut);
        if (themeIcon)
            action->setIcon(ConsoleIcons::action(QLatin1String(themeIcon), QLatin1String(bundledIcon)));
        connect(action, &QAction::triggered, this, slot);
        return action;
    };
    m_palette = make(tr("Command &palette…"), QKeySequence(Qt::CTRL | Qt::Key_K), "system-search", "palette",
                     [] {}); // PaletteNavigator opens it
    m_preferences = make(tr("P&references…"), QKeySequence(Qt::CTRL | Qt::Key_Comma), "preferences-system",
                         "preferences", &MainWindow::showPreferences);
    m_connections = make(tr("Co&nnections…"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_H),
                         "network-workgroup", "connections", &MainWindow::showConnections);
    QAction *policies = make(tr("Elastic p&olicies"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_P), nullptr,
                             nullptr, [this] { showTab(QStringLiteral("policy")); });
    const QList<QAction *> agentActions = m_agentCommands->actions();
    // Added to the window, so their shortcuts work on every tab and the palette lists them.
    addActions(m_platformCommands->actions());
    addActions({m_palette, m_preferences, m_connections, policies});
    addActions(agentActions);
    buildConsoleUx();
    auto *toolbar = addToolBar(tr("Actions"));
    toolbar->setObjectName(QStringLiteral("actions"));
    toolbar->addActions(m_platformCommands->actions());
    toolbar->addSeparator();
    toolbar->addActions(agentActions);
    toolbar->addSeparator();
    toolbar->addActions({m_preferences, m_connections, m_ux.rowMenu->openTerminalAction(), m_palette});
}

void MainWindow::showTab(const QString &name)
{
    m_tabs->showPage(name);
}

QString MainWindow::currentTab() const
{
    return m_tabs->currentPage();
}

QList<int> MainWindow::selectedDomids(QStringList *hosts) const
{
    QList<int> domids;
    for (const DomainInfo &domain : m_membership->selectedDomains())
        domids.append(domain.domid);
    if (hosts)
        *hosts = m_membership->selectedHosts();
    return domids;
}

void MainWindow::showPreferences()
{
    auto *dialog = new PreferencesDialog(m_core.settings(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this] {
        m_agents->setCoalescingMs(m_core.settings()->coalescingMs());
        m_core.setKeepPlatformRunning(m_core.settings()->keepPlatformRunning());
        m_status->report(tr("Preferences saved; the connection and language apply at the next start."),
                         false);
    });
    dialog->open();
}

void MainWindow::showConnections()
{
    auto *dialog = new ConnectionsDialog(m_core.connections(), m_core.connectionManager(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &ConnectionsDialog::message, m_status, &StatusBarPresenter::report);
    dialog->open();
}

void MainWindow::buildConsoleUx()
{
    m_ux.rowMenu = new RowContextMenu(
        m_core.terminal(), [this] { return m_membership->selectedDomains(); },
        {m_platformCommands->spawnAction(), m_platformCommands->destroyAction(),
         m_agentCommands->launchAction()},
        this);
    connect(m_ux.rowMenu, &RowContextMenu::message, m_status, &StatusBarPresenter::report);
    connect(m_membership, &MembershipView::rowMenuRequested, m_ux.rowMenu, &RowContextMenu::popup);
    addActions(m_ux.rowMenu->actions());
    m_ux.navigator = new PaletteNavigator(m_palette, m_core.mirror(), m_agents, m_core.settings(),
                                          {m_tabs, m_membership, m_tickets, m_agentsView}, this);
    connect(m_ux.navigator, &PaletteNavigator::message, m_status, &StatusBarPresenter::report);
    m_ux.notifier = new ConsoleNotifier(m_core.alerts(), this);
}

CommandPalette *MainWindow::commandPalette() const
{
    return m_ux.navigator->palette();
}

} // namespace clonedeck
