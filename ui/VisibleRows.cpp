#include "VisibleRows.h"

#include <QHeaderView>
#include <QSortFilterProxyModel>
#include <QTreeView>

#include <algorithm>

namespace clonedeck {

namespace {
bool columnOnScreen(const QTreeView *view, int column)
{
    if (!view->isVisible() || view->isColumnHidden(column))
        return false;
    const int x = view->columnViewportPosition(column);
    return x + view->columnWidth(column) > 0 && x < view->viewport()->width();
}

// Sorted rows split where they stop being consecutive.
void appendRuns(const QModelIndex &parent, QList<int> rows, QList<SourceRowRun> &runs)
{
    std::sort(rows.begin(), rows.end());
    for (qsizetype i = 0; i < rows.size(); ++i) {
        if (i == 0 || rows[i] != rows[i - 1] + 1)
            runs.append({parent, rows[i], rows[i]});
        else
            runs.last().last = rows[i];
    }
}
} // namespace

QList<SourceRowRun> visibleSourceRuns(const QTreeView *view, const QSortFilterProxyModel *proxy, int column)
{
    QList<SourceRowRun> runs;
    if (!columnOnScreen(view, column))
        return runs;
    QHash<QModelIndex, QList<int>> rowsByParent;
    QList<QModelIndex> parents; // in view order, so runs come top to bottom
    const int bottom = view->viewport()->height();
    for (QModelIndex row = view->indexAt(QPoint(0, 0)); row.isValid() && view->visualRect(row).top() < bottom;
         row = view->indexBelow(row)) {
        const QModelIndex source = proxy->mapToSource(row);
        auto it = rowsByParent.find(source.parent());
        if (it == rowsByParent.end()) {
            parents.append(source.parent());
            it = rowsByParent.insert(source.parent(), {});
        }
        it->append(source.row());
    }
    for (const QModelIndex &parent : std::as_const(parents))
        appendRuns(parent, rowsByParent.value(parent), runs);
    return runs;
}

} // namespace clonedeck
