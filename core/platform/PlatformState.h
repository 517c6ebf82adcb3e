#pragma once

// The control plane's committed state in memory: what the store holds, plus
// what follows from it (capacity per host, addresses in use). Changed only by
// apply() after a store committed a decision, so it never runs ahead of the disk.
#include "AddressPool.h"
#include "CapacityLedger.h"
#include "Decision.h"
#include "PlatformConfig.h"

namespace clonedeck {

class PlatformState
{
public:
    explicit PlatformState(const PlatformConfig &config);

    void reset(const StoredState &stored);
    void apply(const Decision &decision);

    const QMap<QString, TicketInfo> &tickets() const { return m_stored.tickets; }
    const QMap<int, DomainInfo> &domains() const { return m_stored.domains; }
    // Pending tickets and the request each owes its reply to.
    const QHash<QString, QString> &waitingRequests() const { return m_stored.waitingRequests; }
    const IdCounters &counters() const { return m_stored.counters; }
    const CapacityLedger &ledger() const { return m_ledger; }
    const AddressPool &addresses() const { return m_addresses; }
    bool wasActedOn(int domid, const QString &requestId) const;
    // A fork-style clone's request that its memory began as its master's call before the snapshot
    // (the per-domain bridge replays a call the guest had no answer to): the master's request was
    // acted on already and is not acted on again as the clone's (docs/qemu-backend.md, "A call
    // in flight at the capture").
    enum class InheritedCall
    {
        None,         // the domain's own request
        CloneRequest, // the request the clone was made by: answered in the clone's own reply
        ActedOn,      // another call its master's platform acted on before the clone was made
    };
    InheritedCall inheritedCall(int domid, const QString &requestId) const;
    // Forgets request ids older than the cutoff (a bound on memory; the store keeps its own).
    void forgetRequestsBefore(qint64 cutoffMs);

    // What a decision implies beyond what it says: counters past every id it uses, the
    // transitions of states it changes, the finished tickets beyond `kept` it retires.
    IdCounters countersAfter(const Decision &decision) const;
    QList<Transition> transitionsOf(const Decision &decision, qint64 nowMs) const;
    QStringList ticketsToRetire(const Decision &decision, int kept) const;

private:
    void putTicket(const Decision::TicketChange &change, const QString &id);
    void putDomain(const std::optional<DomainInfo> &domain, int domid);

    PlatformConfig m_config;
    StoredState m_stored;
    CapacityLedger m_ledger;
    AddressPool m_addresses;
};

} // namespace clonedeck
