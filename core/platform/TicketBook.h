#pragma once

// Tickets: reservations of capacity for up to N clones, with SnowFlock's
// semantics: grant m <= n at once if anything fits, wait (first come, first
// served) while nothing fits, fail with EBUSY when the caller's timeout passes;
// an unused grant expires. Each change is one committed decision.
#include "CommittedState.h"
#include "RequestOutcome.h"

#include <QTimer>

namespace clonedeck {

class ReplyWriter;
class VmBackend;

class TicketBook : public QObject
{
    Q_OBJECT
public:
    TicketBook(const PlatformConfig &config, CommittedState &committed, const VmBackend &backend,
               ReplyWriter &replies, QObject *parent = nullptr);

    RequestOutcome requestTicket(const RequestContext &context, const Request &request);
    // Ends a ticket that holds no clones (granted or pending); a used ticket's clones are
    // the DomainLifecycle's to end.
    RequestOutcome release(const RequestContext &context, const QString &ticketId);
    // Starts (and stops) deciding waiting tickets and expiring grants on their deadlines.
    void start();
    void stop();

private:
    void grantPending();
    void expireTickets();
    void scheduleTimers();
    Status commitTicket(const TicketInfo &ticket, const RequestContext *context,
                        const QString &waitingRequest = {});

    PlatformConfig m_config;
    CommittedState &m_committed;
    const VmBackend &m_backend;
    ReplyWriter &m_replies;
    QTimer m_deadlineTimer; // pending deadlines and expiries, whichever comes first
    QTimer m_grantSoon;     // capacity may have freed: look at the waiting tickets once
    bool m_running = false;
};

} // namespace clonedeck
