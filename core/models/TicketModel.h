#pragma once

// Tickets as a table, fed incrementally by ClusterMirror's ticket diffs.
#include "PlatformRecords.h"
#include "TableModel.h"

#include <QList>

namespace clonedeck {

class TicketModel : public TableModel
{
    Q_OBJECT
public:
    enum Column
    {
        Id,
        Owner,
        Granted,
        Vcpus,
        Memory,
        State,
        Created,
        Expires,
        Used,
        ColumnCount
    };
    enum Roles
    {
        SortRole = Qt::UserRole,
        TicketIdRole,
        ToneRole // int(StateTone) of the ticket's state
    };

    explicit TicketModel(QObject *parent = nullptr);
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    std::optional<TicketInfo> ticket(int row) const;

public slots:
    void addTicket(const clonedeck::TicketInfo &ticket);
    void changeTicket(const clonedeck::TicketInfo &before, const clonedeck::TicketInfo &after);
    void removeTicket(const clonedeck::TicketInfo &ticket);

private:
    int rows() const override { return int(m_tickets.size()); }
    int rowOf(const QString &id) const;
    QList<TicketInfo> m_tickets; // ordered by ticket number
};

} // namespace clonedeck
