#include "PaletteNavigator.h"

#include "AgentsView.h"
#include "CommandPalette.h"
#include "ConsoleSettings.h"
#include "ConsoleTabs.h"
#include "MembershipView.h"
#include "PaletteEntries.h"
#include "TicketsView.h"

#include <QAction>
#include <QWidget>

namespace clonedeck {

PaletteNavigator::PaletteNavigator(QAction *trigger, const ClusterMirror *mirror, const AgentModel *agents,
                                   ConsoleSettings *settings, const Views &views, QWidget *window)
    : QObject(window)
    , m_window(window)
    , m_views(views)
    , m_palette(new CommandPalette(
          [window, trigger, mirror, agents] {
              QList<QAction *> actions = window->actions();
              actions.removeAll(trigger);
              return paletteEntries(actions, *mirror, *agents);
          },
          window))
{
    connect(trigger, &QAction::triggered, m_palette, &CommandPalette::popUp);
    connect(m_palette, &CommandPalette::chosen, this, &PaletteNavigator::reveal);
    m_palette->setRecent(settings->paletteRecent());
    connect(m_palette, &CommandPalette::chosen, this,
            [this, settings] { settings->setPaletteRecent(m_palette->index().recent()); });
}

void PaletteNavigator::reveal(const PaletteEntry &entry)
{
    const QString id = entry.key.section(QLatin1Char(':'), 1);
    bool shown = true;
    switch (entry.kind) {
    case PaletteEntry::Kind::Action:
        for (QAction *action : m_window->actions()) {
            if (paletteKey(action) == entry.key)
                action->trigger();
        }
        return;
    case PaletteEntry::Kind::Domain:
        m_views.tabs->showPage(QStringLiteral("membership"));
        shown = m_views.membership->selectDomain(id.toInt());
        break;
    case PaletteEntry::Kind::Ticket:
        m_views.tabs->showPage(QStringLiteral("tickets"));
        shown = m_views.tickets->selectTicket(id);
        break;
    case PaletteEntry::Kind::Agent:
        m_views.tabs->showPage(QStringLiteral("agents"));
        m_views.agents->selectSession(id.toULongLong());
        break;
    }
    if (!shown)
        emit message(tr("%1 is not shown (a filter hides it, or it is gone).").arg(entry.text), true);
}

} // namespace clonedeck
