#pragma once

// Every platform connection as a table — name, URI, state (connecting, connected,
// unreachable with the reason, retrying in how long) — following PlatformConnections:
// a row per connection, inserted and removed as they come and go, one dataChanged for
// the state cell when a connection's state changes.
#include "TableModel.h"

namespace clonedeck {

class PlatformConnection;
class PlatformConnections;

class ConnectionModel : public TableModel
{
    Q_OBJECT
public:
    enum Column
    {
        Name,
        Uri,
        State,
        ColumnCount
    };
    enum Roles
    {
        ReachableRole = Qt::UserRole // bool
    };

    explicit ConnectionModel(PlatformConnections *platforms, QObject *parent = nullptr);
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QString nameAt(int row) const;
    int rowOf(const QString &name) const;

private:
    int rows() const override;
    void onStateChanged(PlatformConnection *platform);

    PlatformConnections *m_platforms;
    QList<PlatformConnection *> m_rows; // as PlatformConnections lists them
};

} // namespace clonedeck
