#pragma once

// The console's main window: the tabs (membership, tickets, agents, launcher test bench,
// dashboard, policies, event log), the actions with their shortcuts and toolbar, a command
// palette, and the status bar. Layout and actions only: it shows what ConsoleCore holds;
// every use case is core's (Operations, AgentLauncher, PolicyManager), reached through the
// command classes; the status bar (StatusBarPresenter), the tabs by name (ConsoleTabs) and
// where the palette leads (PaletteNavigator) are classes of their own.
#include "MembershipView.h"
#include "PlatformCommands.h"
#include "TicketsView.h"

#include <QMainWindow>

class QAction;
class QTreeView;

namespace clonedeck {

class AgentCommands;
class AgentModel;
class AgentsView;
class CommandPalette;
class ConsoleCore;
class ConsoleNotifier;
class ConsoleTabs;
class PaletteNavigator;
class RowContextMenu;
class StatusBarPresenter;
class TestBenchView;

class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(ConsoleCore &core, QWidget *parent = nullptr);
    ~MainWindow() override;

    QTreeView *membershipView() const { return m_membership->treeView(); }
    QTableView *ticketView() const { return m_tickets; }
    MembershipModel *membershipModel() const { return m_membership->model(); }
    MembershipView *membership() const { return m_membership; }
    QAction *requestTicketAction() const { return m_platformCommands->requestTicketAction(); }
    QAction *spawnAction() const { return m_platformCommands->spawnAction(); }
    QAction *destroyAction() const { return m_platformCommands->destroyAction(); }
    QAction *preferencesAction() const { return m_preferences; }
    QAction *connectionsAction() const { return m_connections; } // the connection manager (hosts)
    AgentModel *agentModel() const { return m_agents; }
    AgentsView *agentsView() const { return m_agentsView; }
    AgentCommands *agentCommands() const { return m_agentCommands; }
    PlatformCommands *platformCommands() const { return m_platformCommands; }
    TestBenchView *testBench() const { return m_testBench; }
    // Issue 15.3-15.7: the palette, the membership rows' menu, the desktop notifications.
    CommandPalette *commandPalette() const;
    RowContextMenu *rowMenu() const { return m_ux.rowMenu; }
    ConsoleNotifier *notifier() const { return m_ux.notifier; }
    QAction *paletteAction() const { return m_palette; }
    // Opens the tab with this object name ("membership", "tickets", "agents", "testbench",
    // "dashboard", "policy", "events", and any tab added later).
    void showTab(const QString &name);
    QString currentTab() const;
    // Domains selected in the membership tree (masters and clones), of any host; hosts (if
    // given) gets each one's host.
    QList<int> selectedDomids(QStringList *hosts = nullptr) const;

private:
    void buildTabs();
    void buildActions();
    void showPreferences();
    void showConnections();
    void buildConsoleUx(); // palette, row menu, notifications

    ConsoleCore &m_core;
    ConsoleTabs *m_tabs;
    StatusBarPresenter *m_status;
    MembershipView *m_membership = nullptr;
    TicketsView *m_tickets = nullptr;
    AgentModel *m_agents = nullptr;
    AgentsView *m_agentsView = nullptr;
    TestBenchView *m_testBench = nullptr;
    AgentCommands *m_agentCommands = nullptr;
    PlatformCommands *m_platformCommands = nullptr;
    QAction *m_palette = nullptr;
    QAction *m_preferences = nullptr;
    QAction *m_connections = nullptr;
    struct // made by buildConsoleUx()
    {
        PaletteNavigator *navigator = nullptr;
        RowContextMenu *rowMenu = nullptr;
        ConsoleNotifier *notifier = nullptr;
    } m_ux;
};

} // namespace clonedeck
