#pragma once

// The Tickets tab: every ticket as a table, fed incrementally from the mirror, newest first.
#include <QTableView>

namespace clonedeck {

class ClusterMirror;
class TicketModel;

class TicketsView : public QTableView
{
    Q_OBJECT
public:
    explicit TicketsView(ClusterMirror *mirror, QWidget *parent = nullptr);

    // The first selected ticket's id; empty when none is selected.
    QString selectedTicket() const;
    // Selects and shows the ticket's row (the palette's jump); false if there is none.
    bool selectTicket(const QString &id);

private:
    TicketModel *m_model;
};

} // namespace clonedeck
