#pragma once

// The watches one guest connection registered through the bridge. Upstream each
// watch carries a token of the bridge's own (its number here), so that an event
// names exactly the watch it belongs to even when the guest used one token for a
// relative and an absolute watch: the event is then reported with the guest's
// token and, for a relative watch, a relative path.
#include <QByteArray>

#include <map>
#include <optional>

namespace clonedeck::bridge {

struct BridgeWatch
{
    QByteArray guestPath;    // as the guest named it (relative or absolute)
    QByteArray absolutePath; // resolved for this connection's domain
    QByteArray guestToken;
    bool relative = false;
    bool confirmed = false; // xenstored accepted it
};

class BridgeWatchTable
{
public:
    // The watch a guest's (absolute path, token) names; xenstored identifies a watch the same way.
    std::optional<quint32> find(const QByteArray &absolutePath, const QByteArray &guestToken) const;
    quint32 add(BridgeWatch watch); // returns its id
    void confirm(quint32 id);
    void remove(quint32 id);
    const BridgeWatch *watch(quint32 id) const;
    // The watch an upstream event's token names, nullptr when none (e.g. just removed).
    const BridgeWatch *byUpstreamToken(const QByteArray &token) const;
    int size() const { return int(m_watches.size()); }
    const std::map<quint32, BridgeWatch> &watches() const { return m_watches; }

    static QByteArray upstreamToken(quint32 id);

private:
    std::map<quint32, BridgeWatch> m_watches;
    quint32 m_nextId = 1;
};

} // namespace clonedeck::bridge
