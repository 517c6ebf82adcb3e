#pragma once

// The console's main window: membership tree, tickets, agents, launcher test
// bench, dashboard and event log, all fed live from core (ClusterMirror, the agent
// sessions); actions (request ticket, spawn, destroy, kill ticket, launch/stop/
// restart agents) go through core's APIs and never block this thread. The
// connection state is always in the status bar. Wiring only: each tab is its own class.
#include "ConsoleServices.h"

#include <QMainWindow>

class QAction;
class QLabel;
class QLineEdit;
class QSortFilterProxyModel;
class QTabWidget;
class QTableView;
class QTreeView;
class QTimer;

namespace clonedeck {

class OperationProgress;

class AgentCommands;
class AgentModel;
class AgentsView;
class MembershipModel;
class TestBenchView;
class TicketModel;

class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(const ConsoleServices &services, QWidget *parent = nullptr);
    ~MainWindow() override;

    QTreeView *membershipView() const { return m_membershipView; }
    QTableView *ticketView() const { return m_ticketView; }
    MembershipModel *membershipModel() const { return m_membership; }
    QAction *requestTicketAction() const { return m_requestTicket; }
    QAction *spawnAction() const { return m_spawn; }
    QAction *destroyAction() const { return m_destroy; }
    QAction *preferencesAction() const { return m_preferences; }
    AgentModel *agentModel() const { return m_agents; }
    AgentsView *agentsView() const { return m_agentsView; }
    AgentCommands *agentCommands() const { return m_agentCommands; }
    TestBenchView *testBench() const { return m_testBench; }
    // Opens the tab with this object name ("membership", "tickets", "agents", "testbench",
    // "dashboard", "events", and any tab added later).
    void showTab(const QString &name);
    QString currentTab() const;
    // Domains selected in the membership tree (masters and clones).
    QList<int> selectedDomids() const;

private:
    QWidget *buildMembershipTab();
    QWidget *buildTicketTab();
    QWidget *buildLogTab();
    void buildAgents();
    void watchConnection();
    void buildActions();
    void showPreferences();
    void showPolicies();
    void requestTicket();
    void spawnClones();
    void destroySelected();
    void killSelectedTicket();
    void showCommandPalette();
    void exportLog();
    int masterForSelection() const;
    void report(const QString &message, bool error);

    ConsoleServices m_services;
    MembershipModel *m_membership;
    TicketModel *m_tickets;
    QSortFilterProxyModel *m_membershipProxy;
    QSortFilterProxyModel *m_logProxy;
    QTreeView *m_membershipView;
    QTableView *m_ticketView;
    QLabel *m_connection;
    OperationProgress *m_operations = nullptr;
    QTimer *m_uptime;
    QTabWidget *m_tabs;
    AgentModel *m_agents = nullptr;
    AgentsView *m_agentsView = nullptr;
    AgentCommands *m_agentCommands = nullptr;
    TestBenchView *m_testBench = nullptr;
    QAction *m_requestTicket = nullptr;
    QAction *m_spawn = nullptr;
    QAction *m_destroy = nullptr;
    QAction *m_killTicket = nullptr;
    QAction *m_palette = nullptr;
    QAction *m_preferences = nullptr;
};

} // namespace clonedeck
