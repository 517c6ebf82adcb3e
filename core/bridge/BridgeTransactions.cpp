#include "BridgeTransactions.h"

namespace clonedeck::bridge {

BridgeTransactions::Route BridgeTransactions::route(quint32 guestId) const
{
    if (guestId == 0)
        return Route::None;
    if (m_guestToUpstream.count(guestId))
        return Route::Open;
    return m_orphans.count(guestId) ? Route::Orphaned : Route::Unknown;
}

quint32 BridgeTransactions::upstreamId(quint32 guestId) const
{
    const auto it = m_guestToUpstream.find(guestId);
    return it == m_guestToUpstream.end() ? 0 : it->second;
}

quint32 BridgeTransactions::started(quint32 upstreamId)
{
    quint32 guestId = upstreamId;
    while (guestId == 0 || m_guestToUpstream.count(guestId) || m_orphans.count(guestId))
        ++guestId;
    m_guestToUpstream.emplace(guestId, upstreamId);
    return guestId;
}

void BridgeTransactions::ended(quint32 guestId)
{
    m_guestToUpstream.erase(guestId);
    m_orphans.erase(guestId);
}

BridgeTransactions BridgeTransactions::orphaned() const
{
    BridgeTransactions clone;
    clone.m_orphans = m_orphans;
    for (const auto &[guestId, upstreamId] : m_guestToUpstream)
        clone.m_orphans.insert(guestId);
    return clone;
}

} // namespace clonedeck::bridge
