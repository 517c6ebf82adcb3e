#include "TicketsView.h"

#include "ClusterMirror.h"
#include "PlatformConnection.h"
#include "PlatformConnections.h"
#include "SortedView.h"
#include "TicketModel.h"

#include <QHeaderView>
#include <QSortFilterProxyModel>

namespace clonedeck {

TicketsView::TicketsView(PlatformConnections *platforms, QWidget *parent)
    : QTableView(parent)
    , m_model(new TicketModel(this))
{
    m_model->setDefaultHost(platforms->primary()->name());
    platforms->follow(
        m_model,
        [this](PlatformConnection *platform) {
            const QString host = platform->name();
            ClusterMirror *mirror = platform->mirror();
            connect(mirror, &ClusterMirror::ticketAdded, m_model,
                    [this, host](const TicketInfo &ticket) { m_model->addTicketOn(host, ticket); });
            connect(mirror, &ClusterMirror::ticketChanged, m_model,
                    [this, host](const TicketInfo &, const TicketInfo &after) {
                        m_model->changeTicketOn(host, after);
                    });
            connect(mirror, &ClusterMirror::ticketRemoved, m_model,
                    [this, host](const TicketInfo &ticket) { m_model->removeTicketOn(host, ticket); });
            for (const TicketInfo &ticket : mirror->tickets())
                m_model->addTicketOn(host, ticket);
        },
        [this](PlatformConnection *platform) { m_model->removeHost(platform->name()); });
    showSorted(this, new QSortFilterProxyModel(this), m_model, TicketModel::SortRole, TicketModel::Id,
               Qt::DescendingOrder, QStringLiteral("ticketView"), tr("Tickets"));
    horizontalHeader()->moveSection(TicketModel::Host, 0); // grouped by host: it reads first
    setSelectionBehavior(QAbstractItemView::SelectRows);
    horizontalHeader()->setStretchLastSection(true);
}

QString TicketsView::selectedTicket() const
{
    const QModelIndexList rows = selectionModel()->selectedRows();
    return rows.isEmpty() ? QString() : rows.first().data(TicketModel::TicketIdRole).toString();
}

QString TicketsView::selectedTicketHost() const
{
    const QModelIndexList rows = selectionModel()->selectedRows();
    return rows.isEmpty() ? QString() : rows.first().data(TicketModel::HostRole).toString();
}

} // namespace clonedeck
