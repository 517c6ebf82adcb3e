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
    // Whether `domid` is a clone made by its master's request `requestId` cloning `ticket`: what a
    // fork-style clone's bridge replays when the master's guest had no answer to that write yet.
    bool madeBy(int domid, const QString &requestId, const QString &ticket) const;
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
