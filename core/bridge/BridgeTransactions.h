#pragma once

// The transactions one guest connection has open. On an ordinary connection the
// guest sees xenstored's own transaction ids. A clone's connection also knows the
// transactions its master had open at the snapshot: they exist in the guest's
// memory but not in xenstored for the clone, so they are *orphans* — every use
// fails with EAGAIN (the guest retries the whole transaction, as after a
// conflict) — and a new transaction whose upstream id equals an orphan's is shown
// to the guest under a fresh id, so the two never mix.
#include <QtGlobal>

#include <map>
#include <optional>
#include <set>

namespace clonedeck::bridge {

class BridgeTransactions
{
public:
    enum class Route
    {
        None,     // not in a transaction (id 0)
        Open,     // an open transaction of this connection
        Orphaned, // open in the master at the snapshot; lost for this clone
        Unknown,  // no such transaction
    };
    Route route(quint32 guestId) const;
    quint32 upstreamId(quint32 guestId) const; // for Route::Open (and 0 for None)

    // xenstored started a transaction: the id to show the guest.
    quint32 started(quint32 upstreamId);
    void ended(quint32 guestId); // open or orphaned
    // For a fork: a transaction the master ended but the guest had not heard so yet.
    void reopenAsOrphan(quint32 guestId) { m_orphans.insert(guestId); }

    int openCount() const { return int(m_guestToUpstream.size() + m_orphans.size()); }
    // For a clone: everything open here becomes an orphan there.
    BridgeTransactions orphaned() const;

private:
    std::map<quint32, quint32> m_guestToUpstream;
    std::set<quint32> m_orphans;
};

} // namespace clonedeck::bridge
