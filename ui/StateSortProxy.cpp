#include "StateSortProxy.h"

#include "ConsoleIcons.h"

namespace clonedeck {

StateSortProxy::StateSortProxy(int toneRole, int stateColumn, QObject *parent)
    : QSortFilterProxyModel(parent)
    , m_toneRole(toneRole)
    , m_stateColumn(stateColumn)
{}

QVariant StateSortProxy::data(const QModelIndex &index, int role) const
{
    if ((role != Qt::DecorationRole && role != Qt::ForegroundRole) || index.column() != m_stateColumn)
        return QSortFilterProxyModel::data(index, role);
    const QVariant tone = QSortFilterProxyModel::data(index, m_toneRole);
    if (!tone.isValid())
        return {};
    const auto state = StateTone(tone.toInt());
    if (role == Qt::DecorationRole)
        return ConsoleIcons::state(state);
    const QColor colour = ConsoleIcons::colour(state);
    return colour.isValid() ? QVariant(colour) : QVariant();
}

} // namespace clonedeck
