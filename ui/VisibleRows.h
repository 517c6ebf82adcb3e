#pragma once

// Which source rows a tree view shows on screen right now, for a column that moves with time
// (the membership's uptime): as runs of consecutive rows under one source parent, so the
// model tells the view about them with one dataChanged per run instead of one per level over
// every row. Nothing when the view or the column is not on screen.
#include <QList>
#include <QModelIndex>

class QSortFilterProxyModel;
class QTreeView;

namespace clonedeck {

struct SourceRowRun
{
    QModelIndex parent; // in the source model
    int first = 0;
    int last = 0;
};

QList<SourceRowRun> visibleSourceRuns(const QTreeView *view, const QSortFilterProxyModel *proxy, int column);

} // namespace clonedeck
