#pragma once

// ticket -> clone, the first half of every launch, and its undoing: requests a ticket for
// a master, clones the master on it (a clone that fails releases the ticket, so no
// reservation is left behind), and can be given up at any point: the platform call in
// flight is cancelled through the gateway, which undoes what arrives late (a grant is
// released, clones are destroyed). LaunchPipeline runs the steps apart (it may pause
// between them) and tears down at its end; the console's "Spawn clones" runs ticket and
// clone in one go (spawn()).
#include "PlatformReplies.h"

#include <QObject>

#include <functional>

namespace clonedeck {

class PlatformGateway;

class CloneSpawn : public QObject
{
    Q_OBJECT
public:
    template<typename T>
    using Then = std::function<void(const Result<T> &)>;

    CloneSpawn(PlatformGateway *gateway, int masterDomid, QObject *parent = nullptr);

    void requestTicket(int count, int vcpus, qint64 memoryMb, qint64 timeoutMs, Then<TicketGrant> then);
    // Clones the master on the granted ticket.
    void clone(Then<QList<int>> then);
    // Both, one after the other.
    void spawn(int count, int vcpus, qint64 memoryMb, qint64 timeoutMs, Then<QList<int>> then);
    // Gives up the call in flight: its `then` hears ECANCELED now.
    void cancel();
    // Ends what was built: the clones join (each as itself) when `join`, then whatever is left of
    // the ticket (clones that did not join, an unused grant) is killed. `then` gets what was done.
    // The calls go on even if this object goes first (a console quitting mid-teardown).
    void tearDown(bool join, Then<QString> then);

    bool isBusy() const { return m_call != 0; }
    int masterDomid() const { return m_master; }
    QString ticket() const { return m_ticket; }
    QList<int> domids() const { return m_domids; }

private:
    PlatformGateway *m_gateway;
    int m_master;
    quint64 m_call = 0; // the gateway call in flight
    QString m_ticket;
    QList<int> m_domids;
};

} // namespace clonedeck
