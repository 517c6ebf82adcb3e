#include "MainWindow.h"

#include "AgentCommands.h"
#include "AgentLauncher.h"
#include "AgentModel.h"
#include "AgentsView.h"
#include "CommandPalette.h"
#include "ConnectionsDialog.h"
#include "ConnectionStatus.h"
#include "ConsoleCore.h"
#include "ConsoleIcons.h"
#include "ConsoleNotifier.h"
#include "ConsoleSettings.h"
#include "DashboardView.h"
#include "EventLogView.h"
#include "Log.h"
#include "MembershipModel.h"
#include "MembershipView.h"
#include "OperationProgress.h"
#include "Operations.h"
#include "PaletteEntries.h"
#include "PlatformCommands.h"
#include "PlatformConnection.h"
#include "PlatformConnections.h"
#include "PolicyEditor.h"
#include "PolicyMonitor.h"
#include "PreferencesDialog.h"
#include "RowContextMenu.h"
#include "TestBenchView.h"
#include "TicketsView.h"

#include <QAction>
#include <QSplitter>
#include <QStatusBar>
#include <QTabWidget>
#include <QToolBar>
#include <QTreeView>

namespace clonedeck {

MainWindow::MainWindow(ConsoleCore &core, QWidget *parent)
    : QMainWindow(parent)
    , m_core(core)
    , m_tabs(new QTabWidget(this))
{
    setWindowTitle(tr("Clonedeck"));
    resize(1200, 760);
    buildTabs();
    buildActions();
    statusBar()->addPermanentWidget(new OperationProgress(m_core.operations(), this));
    statusBar()->addPermanentWidget(new ConnectionStatus(m_core.connections(), this));
    connect(m_core.operations(), &Operations::message, this, [this](const QString &text) {
        statusBar()->showMessage(text, 10000); // Operations has logged it
    });
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
    // The Policy tab: the chosen cluster's policy being edited, beside what its engine does.
    auto *policies = new QSplitter(Qt::Horizontal, this);
    auto *policyEditor = new PolicyEditor(m_core.policies(), policies);
    auto *policyMonitor = new PolicyMonitor(m_core.policies(), policies);
    policies->addWidget(policyEditor);
    policies->addWidget(policyMonitor);
    policies->setStretchFactor(1, 2);
    policies->setSizes({620, 580});
    connect(policyEditor, &PolicyEditor::clusterChanged, policyMonitor, &PolicyMonitor::setCluster);
    connect(policyEditor, &PolicyEditor::message, this, &MainWindow::report);
    policyMonitor->setCluster(policyEditor->currentCluster());
    auto *log = new EventLogView(m_core.eventLog(), this);
    connect(log, &EventLogView::message, this, &MainWindow::report);

    m_tabs->setObjectName(QStringLiteral("tabs"));
    const std::pair<QWidget *, QString> pages[] = {
        {m_membership, tr("&Membership")},
        {m_tickets, tr("&Tickets")},
        {m_agentsView, tr("&Agents")},
        {m_testBench, tr("Test &bench")},
        {new DashboardView(m_core.sampler(), m_core.connections(), this), tr("&Dashboard")},
        {policies, tr("&Policy")},
        {log, tr("&Event log")},
    };
    const char *const names[] = {"membership", "tickets", "agents", "testbench",
                                 "dashboard",  "policy",  "events"};
    for (int i = 0; i < int(std::size(pages)); ++i) {
        pages[i].first->setObjectName(QLatin1String(names[i]));
        m_tabs->addTab(pages[i].first, pages[i].second);
    }
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
    connect(m_platformCommands, &PlatformCommands::message, this, &MainWindow::report);
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
    connect(m_agentCommands, &AgentCommands::message, this, &MainWindow::report);

    auto make = [this](const QString &text, const QKeySequence &shortcut, auto slot) {
        auto *action = new QAction(text, this);
        action->setShortcut(shortcut);
        connect(action, &QAction::triggered, this, slot);
        return action;
    };
    m_palette = make(tr("Command &palette…"), QKeySequence(Qt::CTRL | Qt::Key_K), [] {}); // buildConsoleUx
    m_preferences =
        make(tr("P&references…"), QKeySequence(Qt::CTRL | Qt::Key_Comma), &MainWindow::showPreferences);
    m_connections = make(tr("Co&nnections…"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_H),
                         &MainWindow::showConnections);
    QAction *policies = make(tr("Elastic p&olicies"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_P),
                             [this] { showTab(QStringLiteral("policy")); });
    const QList<QAction *> agentActions{m_agentCommands->launchAction(), m_agentCommands->stopAction(),
                                        m_agentCommands->restartAction()};
    // Added to the window, so their shortcuts work on every tab and the palette lists them.
    addActions(m_platformCommands->actions());
    addActions({m_palette, m_preferences, m_connections, policies});
    addActions(agentActions);
    auto *toolbar = addToolBar(tr("Actions"));
    toolbar->setObjectName(QStringLiteral("actions"));
    toolbar->addActions(m_platformCommands->actions());
    toolbar->addSeparator();
    toolbar->addActions(agentActions);
    toolbar->addSeparator();
    toolbar->addAction(m_preferences);
    toolbar->addAction(m_connections);
    buildConsoleUx();
    toolbar->addAction(m_ux.rowMenu->openTerminalAction());
    toolbar->addAction(m_palette);
}

void MainWindow::showTab(const QString &name)
{
    for (int i = 0; i < m_tabs->count(); ++i) {
        if (m_tabs->widget(i)->objectName() == name)
            return m_tabs->setCurrentIndex(i);
    }
}

QString MainWindow::currentTab() const
{
    return m_tabs->currentWidget() ? m_tabs->currentWidget()->objectName() : QString();
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

void MainWindow::report(const QString &message, bool error)
{
    statusBar()->showMessage(message, 10000);
    if (error)
        spdlog::error("{}", message);
    else
        spdlog::info("{}", message);
}

void MainWindow::showPreferences()
{
    auto *dialog = new PreferencesDialog(m_core.settings(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this] {
        m_agents->setCoalescingMs(m_core.settings()->coalescingMs());
        m_core.setKeepPlatformRunning(m_core.settings()->keepPlatformRunning());
        report(tr("Preferences saved; the connection and language apply at the next start."), false);
    });
    dialog->open();
}

void MainWindow::showConnections()
{
    auto *dialog = new ConnectionsDialog(m_core.connections(), m_core.connectionManager(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &ConnectionsDialog::message, this, &MainWindow::report);
    dialog->open();
}

void MainWindow::buildConsoleUx()
{
    // Theme icons where the desktop has them, ours otherwise (resources/console_icons.qrc).
    const std::tuple<QAction *, const char *, const char *> icons[] = {
        {m_platformCommands->requestTicketAction(), "document-new", "ticket"},
        {m_platformCommands->spawnAction(), "list-add", "spawn"},
        {m_platformCommands->destroyAction(), "edit-delete", "destroy"},
        {m_platformCommands->killTicketAction(), "process-stop", "kill-ticket"},
        {m_agentCommands->launchAction(), "media-playback-start", "launch"},
        {m_agentCommands->stopAction(), "media-playback-stop", "stop"},
        {m_agentCommands->restartAction(), "view-refresh", "restart"},
        {m_preferences, "preferences-system", "preferences"},
        {m_palette, "system-search", "palette"},
        {m_connections, "network-workgroup", "connections"},
    };
    for (const auto &[action, themeName, bundled] : icons)
        action->setIcon(ConsoleIcons::action(QLatin1String(themeName), QLatin1String(bundled)));

    m_ux.rowMenu = new RowContextMenu(
        m_core.terminal(), [this] { return m_membership->selectedDomains(); },
        {m_platformCommands->spawnAction(), m_platformCommands->destroyAction(),
         m_agentCommands->launchAction()},
        this);
    connect(m_ux.rowMenu, &RowContextMenu::message, this, &MainWindow::report);
    connect(m_membership, &MembershipView::rowMenuRequested, m_ux.rowMenu, &RowContextMenu::popup);
    addActions(m_ux.rowMenu->actions());

    m_ux.palette = new CommandPalette(
        [this] {
            QList<QAction *> actions = this->actions();
            actions.removeAll(m_palette);
            return paletteEntries(actions, *m_core.mirror(), *m_agents);
        },
        this);
    connect(m_palette, &QAction::triggered, m_ux.palette, &CommandPalette::popUp);
    connect(m_ux.palette, &CommandPalette::chosen, this, &MainWindow::reveal);
    // Recent choices outlive the console: saved at each choice, restored here.
    m_ux.palette->setRecent(m_core.settings()->paletteRecent());
    connect(m_ux.palette, &CommandPalette::chosen, this,
            [this] { m_core.settings()->setPaletteRecent(m_ux.palette->index().recent()); });
    m_ux.notifier = new ConsoleNotifier(m_core.alerts(), this);
}

void MainWindow::reveal(const PaletteEntry &entry)
{
    const QString id = entry.key.section(QLatin1Char(':'), 1);
    bool shown = true;
    switch (entry.kind) {
    case PaletteEntry::Kind::Action:
        for (QAction *action : actions()) {
            if (paletteKey(action) == entry.key)
                action->trigger();
        }
        return;
    case PaletteEntry::Kind::Domain:
        showTab(QStringLiteral("membership"));
        shown = m_membership->selectDomain(id.toInt());
        break;
    case PaletteEntry::Kind::Ticket:
        showTab(QStringLiteral("tickets"));
        shown = m_tickets->selectTicket(id);
        break;
    case PaletteEntry::Kind::Agent:
        showTab(QStringLiteral("agents"));
        m_agentsView->selectSession(id.toULongLong());
        break;
    }
    if (!shown)
        report(tr("%1 is not shown (a filter hides it, or it is gone).").arg(entry.text), true);
}

} // namespace clonedeck
