#pragma once

// The console's actions on the platform, with their shortcuts: request a ticket, spawn
// clones, destroy the selected clones, kill the selected ticket. Each asks what it needs
// (a dialog opened with open(); a confirmation that lists exactly what will happen) and
// calls Operations once. What is "selected" is asked of the window when an action fires;
// each action acts on the platform of the selected rows (their host), else the primary's.
#include "Operations.h"
#include "PlatformRecords.h"

#include <QObject>

#include <functional>

class QAction;
class QWidget;

namespace clonedeck {

class PlatformCommands : public QObject
{
    Q_OBJECT
public:
    struct Selection
    {
        QList<DomainInfo> domains;
        QString ticket;
        QStringList hosts;  // hosts[i]: the host (connection name) of domains[i]; empty: the primary's
        QString ticketHost; // the ticket's host
        QString host;       // the current row's host: where new tickets and clones go without a domain
    };
    using SelectionProvider = std::function<Selection()>;

    PlatformCommands(Operations *operations, SelectionProvider selection, QWidget *window);

    QList<QAction *> actions() const { return {m_requestTicket, m_spawn, m_destroy, m_killTicket}; }
    QAction *requestTicketAction() const { return m_requestTicket; }
    QAction *spawnAction() const { return m_spawn; }
    QAction *destroyAction() const { return m_destroy; }
    QAction *killTicketAction() const { return m_killTicket; }

signals:
    void message(const QString &text, bool error);

private:
    // themeIcon/bundledIcon: as ConsoleIcons::action takes them.
    QAction *action(const QString &text, const QKeySequence &shortcut, const char *themeIcon,
                    const char *bundledIcon, void (PlatformCommands::*slot)());
    void requestTicket();
    void spawn();
    void destroySelected();
    void killSelectedTicket();
    // The selection's master and its host, else the first master of the current host's platform.
    std::pair<int, QString> master() const;
    // Asks for the ticket's parameters; `then` runs once they are accepted.
    void askTicket(
        const QString &title,
        const std::function<void(int master, const QString &host, const Operations::TicketRequest &)> &then);

    Operations *m_operations;
    SelectionProvider m_selection;
    QWidget *m_window;
    QAction *m_requestTicket;
    QAction *m_spawn;
    QAction *m_destroy;
    QAction *m_killTicket;
};

} // namespace clonedeck
