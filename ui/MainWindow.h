#pragma once

// The console's main window: membership tree, tickets, dashboard and event log,
// all fed live from ClusterMirror; actions (request ticket, spawn, destroy,
// kill ticket) go through PlatformActions and never block this thread. The
// connection state is always in the status bar.
#include <QMainWindow>

class QAction;
class QLabel;
class QLineEdit;
class QSortFilterProxyModel;
class QTableView;
class QTreeView;
class QTimer;

namespace clonedeck {

class ClusterMirror;
class EventLogModel;
class MembershipModel;
class PlatformActions;
class TicketModel;
class XenstoreClient;

class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    MainWindow(XenstoreClient *client, ClusterMirror *mirror, PlatformActions *actions, EventLogModel *log,
               QWidget *parent = nullptr);
    ~MainWindow() override;

    QTreeView *membershipView() const { return m_membershipView; }
    QTableView *ticketView() const { return m_ticketView; }
    MembershipModel *membershipModel() const { return m_membership; }
    QAction *requestTicketAction() const { return m_requestTicket; }
    QAction *spawnAction() const { return m_spawn; }
    QAction *destroyAction() const { return m_destroy; }
    // Opens the tab with this object name ("membership", "tickets", "dashboard", "events").
    void showTab(const QString &name);

private:
    void buildActions();
    void requestTicket();
    void spawnClones();
    void destroySelected();
    void killSelectedTicket();
    void showCommandPalette();
    void exportLog();
    int masterForSelection() const;
    void report(const QString &message, bool error);

    XenstoreClient *m_client;
    ClusterMirror *m_mirror;
    PlatformActions *m_actions;
    EventLogModel *m_log;
    MembershipModel *m_membership;
    TicketModel *m_tickets;
    QSortFilterProxyModel *m_membershipProxy;
    QSortFilterProxyModel *m_logProxy;
    QTreeView *m_membershipView;
    QTableView *m_ticketView;
    QLabel *m_connection;
    QTimer *m_uptime;
    QAction *m_requestTicket = nullptr;
    QAction *m_spawn = nullptr;
    QAction *m_destroy = nullptr;
    QAction *m_killTicket = nullptr;
    QAction *m_palette = nullptr;
};

} // namespace clonedeck
