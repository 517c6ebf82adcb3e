#include "BridgeWatchTable.h"

namespace clonedeck::bridge {

std::optional<quint32> BridgeWatchTable::find(const QByteArray &absolutePath,
                                              const QByteArray &guestToken) const
{
    for (const auto &[id, watch] : m_watches) {
        if (watch.absolutePath == absolutePath && watch.guestToken == guestToken)
            return id;
    }
    return std::nullopt;
}

quint32 BridgeWatchTable::add(BridgeWatch watch)
{
    const quint32 id = m_nextId++;
    m_watches.emplace(id, std::move(watch));
    return id;
}

void BridgeWatchTable::confirm(quint32 id)
{
    if (const auto it = m_watches.find(id); it != m_watches.end())
        it->second.confirmed = true;
}

void BridgeWatchTable::remove(quint32 id)
{
    m_watches.erase(id);
}

const BridgeWatch *BridgeWatchTable::watch(quint32 id) const
{
    const auto it = m_watches.find(id);
    return it == m_watches.end() ? nullptr : &it->second;
}

const BridgeWatch *BridgeWatchTable::byUpstreamToken(const QByteArray &token) const
{
    bool ok = false;
    const quint32 id = token.toUInt(&ok);
    return ok && upstreamToken(id) == token ? watch(id) : nullptr;
}

QByteArray BridgeWatchTable::upstreamToken(quint32 id)
{
    return QByteArray::number(id);
}

} // namespace clonedeck::bridge
