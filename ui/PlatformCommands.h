#pragma once

// The console's actions on the platform, with their shortcuts: request a ticket, spawn
// clones, destroy the selected clones, kill the selected ticket. Each asks what it needs
// (a dialog opened with open(); a confirmation that lists exactly what will happen) and
// calls Operations once. What is "selected" is asked of the window when an action fires.
#include "PlatformRecords.h"

#include <QObject>

#include <functional>

class QAction;
class QWidget;

namespace clonedeck {

class Operations;

class PlatformCommands : public QObject
{
    Q_OBJECT
public:
    struct Selection
    {
        QList<DomainInfo> domains;
        QString ticket;
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
    QAction *action(const QString &text, const QKeySequence &shortcut, void (PlatformCommands::*slot)());
    void requestTicket();
    void spawn();
    void destroySelected();
    void killSelectedTicket();
    int master() const; // the selection's master, else the first the platform has
    // Asks for the ticket's parameters; `then` runs once they are accepted.
    void askTicket(
        const QString &title,
        const std::function<void(int master, int count, int vcpus, qint64 memoryMb, qint64 timeoutMs)> &then);

    Operations *m_operations;
    SelectionProvider m_selection;
    QWidget *m_window;
    QAction *m_requestTicket;
    QAction *m_spawn;
    QAction *m_destroy;
    QAction *m_killTicket;
};

} // namespace clonedeck
