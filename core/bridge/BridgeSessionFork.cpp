// BridgeSession::fork: a clone's connection from its master's at the snapshot.
#include "BridgeSession.h"

namespace clonedeck::bridge {

namespace {

// Undoes, on the state handed to the clone, what a request did that the guest never heard of:
// the clone re-issues that request and must find the state as the guest knew it.
void undo(const RequestEffect &effect, std::map<quint32, BridgeWatch> &watches,
          BridgeTransactions &transactions)
{
    switch (effect.kind) {
    case RequestEffect::Kind::None:
        break;
    case RequestEffect::Kind::WatchAdded:
        watches.erase(effect.watchId);
        break;
    case RequestEffect::Kind::WatchRemoved:
        watches[effect.watchId] = effect.removedWatch;
        break;
    case RequestEffect::Kind::TransactionStarted:
        transactions.ended(effect.guestTransaction);
        break;
    case RequestEffect::Kind::TransactionEnded:
        transactions.reopenAsOrphan(effect.guestTransaction);
        break;
    }
}

} // namespace

BridgeSession BridgeSession::fork(int cloneDomid, qint64 unreadByPeer) const
{
    BridgeSession clone(cloneDomid, m_limits);
    const GuestOutput::Undelivered undelivered = m_toGuest.undelivered(unreadByPeer);

    // The guest's view: confirmed watches and open transactions, minus what it never heard of.
    std::map<quint32, BridgeWatch> watches;
    for (const auto &[id, watch] : m_watches.watches()) {
        if (watch.confirmed)
            watches.emplace(id, watch);
    }
    clone.m_transactions = m_transactions.orphaned();
    QList<xswire::Message> reissue;
    for (const GuestOutput::Chunk &chunk : undelivered.chunks) {
        if (chunk.answers) {
            undo(chunk.effect, watches, clone.m_transactions);
            reissue.append(*chunk.answers);
        }
    }
    for (const Pending &pending : m_pending) {
        if (pending.answer) // answered (its effect applied), not yet sent
            undo(pending.effect, watches, clone.m_transactions);
        if (!pending.internal)
            reissue.append(pending.request);
    }

    // First what the guest is in the middle of receiving (the rest of a message, or what remains of
    // such a rest this connection itself inherited), then events it never saw that are the clone's
    // too (relative ones name its own domain now; absolute ones it may read).
    clone.m_toGuest.appendRaw(undelivered.partialTail);
    for (const GuestOutput::Chunk &chunk : undelivered.chunks) {
        if (!chunk.event && !chunk.answers)
            clone.m_toGuest.appendRaw(chunk.bytes);
        if (!chunk.event)
            continue;
        xswire::MessageReader reader;
        reader.append(chunk.bytes);
        const QByteArray path = reader.next().value_or(xswire::Message{}).strings().value(0);
        if (!DomainPolicy::isRelative(path) && !clone.m_policy.mayRead(path))
            continue;
        if (clone.m_toGuest.unwrittenEventBytes() + chunk.bytes.size() > m_limits.eventBacklogBytes)
            ++clone.m_droppedEvents;
        else
            clone.m_toGuest.appendEvent(chunk.bytes);
    }

    // The watches, registered again for the clone (their first event tells the guest to look).
    for (const auto &[id, watch] : watches) {
        const auto absolute = watch.relative ? clone.m_policy.resolve(watch.guestPath) : watch.absolutePath;
        if (!absolute || !clone.m_policy.mayRead(*absolute))
            continue; // an absolute path in the master's domain: not the clone's to watch
        const quint32 cloneId = clone.m_watches.add(
            BridgeWatch{watch.guestPath, *absolute, watch.guestToken, watch.relative, false});
        const xswire::Message registration{quint32(xswire::Type::Watch), 0, 0,
                                           *absolute + '\0' + BridgeWatchTable::upstreamToken(cloneId) +
                                               '\0'};
        clone.sendUpstream(registration,
                           Pending{registration, true, std::nullopt,
                                   RequestEffect{RequestEffect::Kind::WatchAdded, cloneId, {}, 0}, true});
    }
    // Then the guest's unanswered requests, as if the clone had just sent them, and the rest of
    // its stream (a partly received request among it).
    for (const xswire::Message &request : reissue)
        clone.handleGuestRequest(request);
    clone.receiveFromGuest(m_fromGuest.pending());
    return clone;
}

} // namespace clonedeck::bridge
