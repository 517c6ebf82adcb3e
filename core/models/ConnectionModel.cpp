#include "ConnectionModel.h"

#include "PlatformConnection.h"
#include "PlatformConnections.h"

namespace clonedeck {

ConnectionModel::ConnectionModel(PlatformConnections *platforms, QObject *parent)
    : TableModel("clonedeck::ConnectionModel",
                 {QT_TRANSLATE_NOOP("clonedeck::ConnectionModel", "Name"),
                  QT_TRANSLATE_NOOP("clonedeck::ConnectionModel", "URI"),
                  QT_TRANSLATE_NOOP("clonedeck::ConnectionModel", "State")},
                 parent)
    , m_platforms(platforms)
{
    platforms->follow(
        this,
        [this](PlatformConnection *platform) {
            const int row = int(m_rows.size());
            beginInsertRows({}, row, row);
            m_rows.append(platform);
            endInsertRows();
        },
        [this](PlatformConnection *platform) {
            const int row = int(m_rows.indexOf(platform));
            if (row < 0)
                return;
            beginRemoveRows({}, row, row);
            m_rows.removeAt(row);
            endRemoveRows();
        });
    connect(platforms, &PlatformConnections::stateChanged, this, &ConnectionModel::onStateChanged);
}

int ConnectionModel::rows() const
{
    return int(m_rows.size());
}

QVariant ConnectionModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size())
        return {};
    const PlatformConnection *platform = m_rows[index.row()];
    if (role == ReachableRole)
        return platform->isReachable();
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole)
        return {};
    switch (index.column()) {
    case Name:
        return platform->name();
    case Uri:
        return platform->uri();
    case State:
        return platform->stateText();
    default:
        return {};
    }
}

QString ConnectionModel::nameAt(int row) const
{
    return row >= 0 && row < m_rows.size() ? m_rows[row]->name() : QString();
}

int ConnectionModel::rowOf(const QString &name) const
{
    for (int row = 0; row < m_rows.size(); ++row) {
        if (m_rows[row]->name() == name)
            return row;
    }
    return -1;
}

void ConnectionModel::onStateChanged(PlatformConnection *platform)
{
    const int row = int(m_rows.indexOf(platform));
    if (row >= 0) // the URI is known once connecting: both cells
        emit dataChanged(index(row, Uri), index(row, State));
}

} // namespace clonedeck
