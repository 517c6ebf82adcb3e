#pragma once

// One guest connection of the per-domain xenstore bridge, as a protocol state
// machine without I/O: bytes from the guest and from xenstored go in, bytes for
// each come out. It frames the guest's stream, screens every request
// (GuestRequestScreen), forwards what may pass over the connection's own
// privileged upstream (so request and transaction ids pass through), answers the
// rest itself in request order, and reports watch events with the guest's token
// and, for relative watches, relative paths. Holds a bounded amount
// (BridgeLimits): acceptsGuestInput() turns false while the guest or xenstored
// is behind. fork() gives a clone's connection this one's live state.
#include "BridgeLimits.h"
#include "BridgeTransactions.h"
#include "BridgeWatchTable.h"
#include "DomainPolicy.h"
#include "GuestOutput.h"
#include "RequestEffect.h"
#include "XenstoreWire.h"

#include <QByteArray>
#include <QString>

#include <deque>
#include <functional>

namespace clonedeck::bridge {

class BridgeSession
{
public:
    explicit BridgeSession(int domid, BridgeLimits limits = {});

    int domid() const { return m_policy.domid(); }

    void receiveFromGuest(const char *data, qsizetype size);
    void receiveFromGuest(const QByteArray &bytes) { receiveFromGuest(bytes.constData(), bytes.size()); }
    void receiveFromUpstream(const char *data, qsizetype size);
    void receiveFromUpstream(const QByteArray &bytes)
    {
        receiveFromUpstream(bytes.constData(), bytes.size());
    }

    GuestOutput &toGuest() { return m_toGuest; }
    const GuestOutput &toGuest() const { return m_toGuest; }
    const QByteArray &toUpstream() const { return m_toUpstream; }
    void upstreamWritten(qsizetype count) { m_toUpstream.remove(0, count); }

    // False while the guest should not be read: too many requests unanswered, or too much
    // waiting for xenstored or for the guest. Also false once failed.
    bool acceptsGuestInput() const;
    // The stream can no longer be trusted (oversized header, a reply xenstored should not have
    // sent): the connection is to be closed.
    bool failed() const { return !m_failure.isEmpty(); }
    QString failure() const { return m_failure; }
    quint64 droppedEvents() const { return m_droppedEvents; }
    qsizetype bufferedBytes() const;
    int requestsInFlight() const { return int(m_pending.size()); }
    const BridgeWatchTable &watches() const { return m_watches; }

    // A clone's session from this one at the instant of the snapshot. `unreadByPeer`: bytes
    // written to the guest's end that it had not read (they never reached the guest, so the clone
    // gets them or their requests again). The clone keeps the watches (relative ones resolved for
    // its domain), re-issues every request the guest had no reply to, receives the rest of a
    // message the guest got only part of and events it never saw, continues a partly received
    // request, and treats transactions open in the master as orphans.
    BridgeSession fork(int cloneDomid, qint64 unreadByPeer) const;

private:
    struct Pending
    {
        xswire::Message request;               // as the guest sent it
        bool forwarded = false;                // else answered here
        std::optional<xswire::Message> answer; // once known
        RequestEffect effect;
        bool internal = false; // the bridge's own (a fork's watch): the answer is not the guest's
    };

    void receive(xswire::MessageReader &reader, const char *data, qsizetype size, const QString &sender,
                 const std::function<void(const xswire::Message &)> &handle);
    void handleGuestRequest(const xswire::Message &request);
    void handleUpstreamReply(const xswire::Message &reply);
    void handleWatchEvent(const xswire::Message &event);
    void applyEffect(RequestEffect &effect, bool ok);
    void sendUpstream(const xswire::Message &message, Pending pending);
    void flushAnswered();
    void fail(const QString &why);

    BridgeLimits m_limits;
    DomainPolicy m_policy;
    BridgeWatchTable m_watches;
    BridgeTransactions m_transactions;
    xswire::MessageReader m_fromGuest;
    xswire::MessageReader m_fromUpstream;
    std::deque<Pending> m_pending; // in the guest's order
    GuestOutput m_toGuest;
    QByteArray m_toUpstream;
    QString m_failure;
    quint64 m_droppedEvents = 0;
};

} // namespace clonedeck::bridge
