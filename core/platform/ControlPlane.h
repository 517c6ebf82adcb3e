#pragma once

// The platform's control plane, a xenstore *client* as Copper's dom0 daemon was:
// it watches the request nodes domains write under their own paths, validates
// each request as hostile input, acts (tickets, clones, joins, kills), journals
// every change before making it, and publishes hosts, tickets and domains under
// /clonedeck. See docs/protocol.md.
#include "AddressPool.h"
#include "CapacityLedger.h"
#include "Journal.h"
#include "PlatformConfig.h"
#include "PlatformRecords.h"
#include "Request.h"
#include "VmBackend.h"

#include <QDeadlineTimer>
#include <QHash>
#include <QMap>
#include <QObject>
#include <QTimer>

#include <memory>

class QSocketNotifier;

namespace clonedeck {

class XenstoreConnection;

class ControlPlane : public QObject
{
    Q_OBJECT
public:
    ControlPlane(PlatformConfig config, std::unique_ptr<XenstoreConnection> xenstore, VmBackend *backend,
                 QObject *parent = nullptr);
    ~ControlPlane() override;

    // Replays the journal, reconciles it with the backend and xenstore, publishes, and starts serving.
    Status start();
    // Stops serving; domains stay (they are resumed by the next start()).
    void stop();
    // Serves again over a new connection after xenstored was restarted.
    Status reattach(std::unique_ptr<XenstoreConnection> xenstore);

    const QMap<QString, TicketInfo> &tickets() const { return m_tickets; }
    const QMap<int, DomainInfo> &domains() const { return m_domains; }
    QList<HostInfo> hosts() const { return m_ledger.hosts(); }

signals:
    void xenstoreLost(const clonedeck::Error &error);

private:
    struct PendingTicket
    {
        int domid;
        QString requestId;
        qint64 deadlineMs;
    };

    // Lifecycle and plumbing (ControlPlane.cpp)
    Status serve();
    Status replayJournal();
    Status reconcile();
    Status publishAll();
    void onWatchActivity();
    void scanRequests(int domid);
    void handleRequestNode(int domid, const QString &requestId);
    void dispatch(int domid, const QString &requestId, const Request &request);
    void reply(int domid, const QString &requestId, const Reply &reply);
    void sweepReplies();
    Status journal(const QList<JournalEntry> &entries);
    void publishTicket(const TicketInfo &ticket);
    void publishDomain(const DomainInfo &domain);
    void publishHosts();
    void unpublishDomain(int domid);
    void unpublishTicket(const QString &ticket);
    qint64 now() const;

    // Tickets (ControlPlaneTickets.cpp)
    Reply requestTicket(int domid, const QString &requestId, const Request &request);
    Reply releaseTicket(int domid, const QString &ticketId);
    void grantPending();
    void expireTickets();
    void scheduleTimers();
    Status setTicket(const TicketInfo &ticket);
    void retireFinishedTickets();

    // Domains (ControlPlaneDomains.cpp)
    Reply cloneOnTicket(int domid, const QString &ticketId);
    Reply join(int domid, bool report);
    Reply kill(int domid, const Request &request);
    Status startMasters();
    Status destroyDomain(int domid);
    // Many at once (a ticket's clones): one journal write before and one after, one
    // capacity update, so killing a thousand clones is not two thousand fdatasyncs.
    // Returns how many were destroyed; the first failure is logged and the rest go on.
    int destroyDomains(const QList<int> &domids);
    void finishTicketIfDone(const QString &ticketId);
    Error permissionDenied(const QString &what) const;

    PlatformConfig m_config;
    std::unique_ptr<XenstoreConnection> m_xs;
    VmBackend *m_backend;
    Journal m_journal;
    CapacityLedger m_ledger;
    AddressPool m_addresses;
    QMap<QString, TicketInfo> m_tickets;
    QMap<int, DomainInfo> m_domains;
    QMap<QString, PendingTicket> m_pending; // ticket id -> who waits for it
    QHash<QString, qint64> m_replyTimes;    // reply path -> when written
    int m_nextDomid = 1;
    qint64 m_nextTicket = 1;
    qint64 m_startedMs = 0;
    QSocketNotifier *m_watchNotifier = nullptr;
    QTimer m_deadlineTimer; // pending deadlines and expiries, whichever comes first
    QTimer m_replySweep;
    bool m_serving = false;
};

} // namespace clonedeck
