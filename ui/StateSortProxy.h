#pragma once

// The sorting proxy of a view whose rows have a state: answers the decoration role (the
// state's icon) and the foreground role (its colour) of the state column from the source
// model's tone role (a StateTone), so the view shows states at a glance while the models
// stay in core, free of QtGui.
#include <QSortFilterProxyModel>

namespace clonedeck {

class StateSortProxy : public QSortFilterProxyModel
{
    Q_OBJECT
public:
    StateSortProxy(int toneRole, int stateColumn, QObject *parent = nullptr);

    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;

private:
    int m_toneRole;
    int m_stateColumn;
};

} // namespace clonedeck
