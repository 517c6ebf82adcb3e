#include "TicketsView.h"

#include "HostFeed.h"
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
    feedFromEveryHost(platforms, m_model, &ClusterMirror::tickets, &ClusterMirror::ticketAdded,
                      &ClusterMirror::ticketChanged, &ClusterMirror::ticketRemoved, &TicketModel::addTicketOn,
                      &TicketModel::changeTicketOn, &TicketModel::removeTicketOn);
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
