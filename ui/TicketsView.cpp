#include "TicketsView.h"

#include "ClusterMirror.h"
#include "SortedView.h"
#include "StateSortProxy.h"
#include "TicketModel.h"

#include <QHeaderView>
#include <QSortFilterProxyModel>

namespace clonedeck {

TicketsView::TicketsView(ClusterMirror *mirror, QWidget *parent)
    : QTableView(parent)
    , m_model(new TicketModel(this))
{
    connect(mirror, &ClusterMirror::ticketAdded, m_model, &TicketModel::addTicket);
    connect(mirror, &ClusterMirror::ticketChanged, m_model, &TicketModel::changeTicket);
    connect(mirror, &ClusterMirror::ticketRemoved, m_model, &TicketModel::removeTicket);
    showSorted(this, new StateSortProxy(TicketModel::ToneRole, TicketModel::State, this), m_model,
               TicketModel::SortRole, TicketModel::Id, Qt::DescendingOrder, QStringLiteral("ticketView"),
               tr("Tickets"));
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

} // namespace clonedeck
