#pragma once

// The Tickets tab: every ticket of every platform as a table, fed incrementally from each
// host's mirror, newest first, with the host it lives on.
#include <QTableView>

namespace clonedeck {

class PlatformConnections;
class TicketModel;

class TicketsView : public QTableView
{
    Q_OBJECT
public:
    explicit TicketsView(PlatformConnections *platforms, QWidget *parent = nullptr);

    // The first selected ticket's id; empty when none is selected.
    QString selectedTicket() const;
    // The host (connection name) of the first selected ticket.
    QString selectedTicketHost() const;
    TicketModel *ticketModel() const { return m_model; }
    bool selectTicket(const QString &id); // selects and shows its row (the palette's jump); false if none

private:
    TicketModel *m_model;
};

} // namespace clonedeck
