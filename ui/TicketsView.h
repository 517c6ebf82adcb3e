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

    QString selectedTicket() const;       // the first selected ticket's id; empty if none
    bool selectTicket(const QString &id); // selects and shows its row (the palette's jump); false if none

private:
    TicketModel *m_model;
};

} // namespace clonedeck
