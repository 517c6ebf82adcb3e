#include "ConnectionStatus.h"

#include "PlatformConnection.h"
#include "PlatformConnections.h"

namespace clonedeck {

ConnectionStatus::ConnectionStatus(PlatformConnections *platforms, QWidget *parent)
    : QLabel(parent)
    , m_platforms(platforms)
{
    setObjectName(QStringLiteral("connection"));
    connect(platforms, &PlatformConnections::stateChanged, this, &ConnectionStatus::refresh);
    connect(platforms, &PlatformConnections::added, this, &ConnectionStatus::refresh);
    // Queued: the connection leaves the list only after its `removing` listeners have run.
    connect(platforms, &PlatformConnections::removing, this, &ConnectionStatus::refresh,
            Qt::QueuedConnection);
    refresh();
}

void ConnectionStatus::refresh()
{
    const QList<PlatformConnection *> &all = m_platforms->all();
    QStringList lines;
    int connected = 0;
    for (const PlatformConnection *platform : all) {
        connected += platform->state() == ConnectionState::Connected;
        lines.append(
            QStringLiteral("%1 (%2): %3").arg(platform->name(), platform->uri(), platform->stateText()));
    }
    setToolTip(lines.join(QLatin1Char('\n')));
    if (all.size() > 1)
        return setText(tr("● %1 of %n host(s) connected", nullptr, int(all.size())).arg(connected));
    const PlatformConnection *primary = m_platforms->primary();
    setText(primary->state() == ConnectionState::Connected ? tr("● Connected to %1").arg(primary->uri())
                                                           : primary->stateText());
}

} // namespace clonedeck
