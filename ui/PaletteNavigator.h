#pragma once

// Where the command palette leads: it lists the window's actions and every domain, ticket
// and agent, and a choice fires the action or opens the item's tab with its row selected.
// The recent choices outlive the console (saved in the settings at each choice).
#include <QObject>

class QAction;
class QWidget;

namespace clonedeck {

class AgentModel;
class AgentsView;
class ClusterMirror;
class CommandPalette;
class ConsoleSettings;
class ConsoleTabs;
class MembershipView;
class TicketsView;
struct PaletteEntry;

class PaletteNavigator : public QObject
{
    Q_OBJECT
public:
    struct Views
    {
        ConsoleTabs *tabs;
        MembershipView *membership;
        TicketsView *tickets;
        AgentsView *agents;
    };

    // trigger opens the palette (it is not listed itself); window's actions are listed.
    PaletteNavigator(QAction *trigger, const ClusterMirror *mirror, const AgentModel *agents,
                     ConsoleSettings *settings, const Views &views, QWidget *window);

    CommandPalette *palette() const { return m_palette; }
    void reveal(const PaletteEntry &entry);

signals:
    void message(const QString &text, bool error);

private:
    QWidget *m_window;
    Views m_views;
    CommandPalette *m_palette;
};

} // namespace clonedeck
