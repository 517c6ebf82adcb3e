#pragma once

// A view of a model through a sorting proxy, as every list of the console shows one: sorted
// by the model's raw-value role (numbers and times as such, not as text) on one column,
// several rows selectable, and named for tests and for accessibility.
#include <QAbstractItemView>
#include <QSortFilterProxyModel>

namespace clonedeck {

template<typename View> // QTableView, QTreeView
void showSorted(View *view, QSortFilterProxyModel *proxy, QAbstractItemModel *model, int sortRole, int column,
                Qt::SortOrder order, const QString &objectName, const QString &accessibleName)
{
    proxy->setSourceModel(model);
    proxy->setSortRole(sortRole);
    view->setModel(proxy);
    view->setObjectName(objectName);
    view->setAccessibleName(accessibleName);
    view->setSortingEnabled(true);
    view->sortByColumn(column, order);
    view->setSelectionMode(QAbstractItemView::ExtendedSelection);
}

} // namespace clonedeck
