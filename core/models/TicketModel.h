#pragma once

// Tickets as a table, fed incrementally by each platform's ClusterMirror ticket diffs. Ticket
// ids are a platform's own, so a ticket is known by (host, id); rows are ordered by host, then
// by ticket number. Calls that name no host mean the default host.
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
        Host,
        ColumnCount
    };
    enum Roles
    {
        SortRole = Qt::UserRole,
        TicketIdRole,
        HostRole,
        ToneRole // int(StateTone) of the ticket's state
    };

    explicit TicketModel(QObject *parent = nullptr);
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    std::optional<TicketInfo> ticket(int row) const;
    QString hostOf(int row) const;
    int rowOf(const QString &host, const QString &id) const;

    void setDefaultHost(const QString &host) { m_defaultHost = host; }
    void addTicketOn(const QString &host, const clonedeck::TicketInfo &ticket);
    void changeTicketOn(const QString &host, const clonedeck::TicketInfo &before,
                        const clonedeck::TicketInfo &after);
    void removeTicketOn(const QString &host, const clonedeck::TicketInfo &ticket);
    void removeHost(const QString &host); // its connection was removed

public slots:
    void addTicket(const clonedeck::TicketInfo &ticket);
    void changeTicket(const clonedeck::TicketInfo &before, const clonedeck::TicketInfo &after);
    void removeTicket(const clonedeck::TicketInfo &ticket);

private:
    struct Row
    {
        QString host;
        TicketInfo ticket;
    };
    int rows() const override { return int(m_tickets.size()); }
    QList<Row>::const_iterator placeOf(const QString &host, const QString &id) const;
    QList<Row> m_tickets; // ordered by host, then ticket number
    QString m_defaultHost;
};

} // namespace clonedeck
