#pragma once

// Turns request nodes into replies: watches every domain's request directory,
// consumes each request, parses it as hostile input, refuses one already acted
// on, dispatches it by op (TicketBook, DomainLifecycle, history), and writes the
// reply now or leaves it to the handler that answers later.
#include "RequestOutcome.h"

#include <QObject>
#include <QTimer>

class QSocketNotifier;

namespace clonedeck {

class CommittedState;
class DomainLifecycle;
class ReplyWriter;
class TicketBook;
class XenstoreConnection;

class RequestRouter : public QObject
{
    Q_OBJECT
public:
    RequestRouter(CommittedState &committed, ReplyWriter &replies, TicketBook &tickets,
                  DomainLifecycle &domains, QObject *parent = nullptr);
    ~RequestRouter() override;

    // Serves the requests arriving on this connection (and those already waiting there).
    Status attach(XenstoreConnection *xenstore);
    void detach();

private:
    void onWatchActivity();
    void scanRequests(int domid);
    void handleRequestNode(int domid, const QString &requestId);
    RequestOutcome dispatch(const RequestContext &context, const Request &request);
    RequestOutcome endTicket(const RequestContext &context, const QString &ticketId);
    Reply history(const RequestContext &context, const Request &request);

    CommittedState &m_committed;
    ReplyWriter &m_replies;
    TicketBook &m_tickets;
    DomainLifecycle &m_domains;
    XenstoreConnection *m_xs = nullptr;
    QSocketNotifier *m_watchNotifier = nullptr;
    QTimer m_forgetRequests;
};

} // namespace clonedeck
