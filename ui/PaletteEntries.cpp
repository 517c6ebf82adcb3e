#include "PaletteEntries.h"

#include "AgentModel.h"
#include "ClusterMirror.h"
#include "CommandPalette.h"

#include <QAction>

namespace clonedeck {

QString paletteKey(const QAction *action)
{
    return QStringLiteral("action:") + action->text().remove(QLatin1Char('&'));
}

QList<PaletteEntry> paletteEntries(const QList<QAction *> &actions, const ClusterMirror &mirror,
                                   const AgentModel &agents)
{
    QList<PaletteEntry> entries;
    for (const QAction *action : actions) {
        if (!action->isEnabled() || action->text().isEmpty())
            continue;
        entries.append({PaletteEntry::Kind::Action, paletteKey(action),
                        QString(action->text()).remove(QLatin1Char('&')).remove(QChar(0x2026)),
                        action->shortcut().toString(QKeySequence::NativeText)});
    }
    for (const DomainInfo &domain : mirror.domains()) {
        entries.append({PaletteEntry::Kind::Domain, QStringLiteral("domain:%1").arg(domain.domid),
                        domain.name, QStringLiteral("%1, %2").arg(toString(domain.state), domain.ip)});
    }
    for (const TicketInfo &ticket : mirror.tickets()) {
        entries.append({PaletteEntry::Kind::Ticket, QStringLiteral("ticket:") + ticket.id, ticket.id,
                        QStringLiteral("%1, %2/%3")
                            .arg(toString(ticket.state))
                            .arg(ticket.granted)
                            .arg(ticket.requested)});
    }
    for (int row = 0; row < agents.rowCount(); ++row) {
        const AgentSessionId id = agents.sessionAt(row);
        const int domid = agents.index(row, AgentModel::Clone).data(AgentModel::DomidRole).toInt();
        const QString clone = mirror.domains().value(domid).name;
        entries.append({PaletteEntry::Kind::Agent, QStringLiteral("agent:%1").arg(id),
                        CommandPalette::tr("agent %1 on %2")
                            .arg(id)
                            .arg(clone.isEmpty() ? QString::number(domid) : clone),
                        agents.index(row, AgentModel::State).data().toString()});
    }
    return entries;
}

} // namespace clonedeck
