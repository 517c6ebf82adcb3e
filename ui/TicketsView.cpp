#include "TicketsView.h"

#include "HostFeed.h"
#include "SortedView.h"
#include "StateSortProxy.h"
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
    showSorted(this, new StateSortProxy(TicketModel::ToneRole, TicketModel::State, this), m_model,
               TicketModel::SortRole, TicketModel::Id, Qt::DescendingOrder, QStringLiteral("ticketView"),
               tr("Tickets"));
    horizontalHeader()->moveSection(TicketModel::Host, 0); // grouped by host: it reads first
    setSelectionBehavior(QAbstractItemView::SelectRows);
    horizontalHeader()->setStretchLastSection(true);
    // No title cut ("Granted / requested" was): each column at least as wide as its header.
    for (int column = 0; column < TicketModel::ColumnCount; ++column)
        horizontalHeader()->resizeSection(column, std::max(horizontalHeader()->sectionSize(column),
                                                           horizontalHeader()->sectionSizeHint(column)));
}

bool TicketsView::selectTicket(const QString &id)
{
    const QModelIndexList found =
        model()->match(model()->index(0, 0), TicketModel::TicketIdRole, id, 1, Qt::MatchExactly);
    if (found.isEmpty())
        return false;
    selectionModel()->setCurrentIndex(found.first(),
                                      QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    scrollTo(found.first());
    setFocus();
    return true;
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
