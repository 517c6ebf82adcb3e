#pragma once

// What the bridge sends one guest, message by message: replies (each with the
// request it answers and that request's effect) and watch events, written to the
// socket as it takes them. Messages already written stay for a while
// (BridgeLimits::deliveredHistoryBytes): written is not received — at a fork the
// guest's end may not have read them yet — so a fork asks what the peer has not
// read and takes back exactly those bytes.
#include "RequestEffect.h"
#include "XenstoreWire.h"

#include <QByteArray>
#include <QList>

#include <deque>
#include <optional>

namespace clonedeck::bridge {

class GuestOutput
{
public:
    struct Chunk
    {
        QByteArray bytes;                       // one encoded message
        std::optional<xswire::Message> answers; // a reply: the guest's request
        RequestEffect effect;
        bool event = false; // a watch event
    };
    // What a fork takes from here: the rest of a message the guest got only part of (which the
    // clone must receive as is, to stay in step), then whole messages the guest never saw.
    struct Undelivered
    {
        QByteArray partialTail;
        QList<Chunk> chunks;
    };

    explicit GuestOutput(qsizetype historyBytes)
        : m_historyLimit(historyBytes)
    {}

    void appendReply(QByteArray bytes, xswire::Message request, RequestEffect effect);
    void appendEvent(QByteArray bytes);
    void appendRaw(QByteArray bytes); // a fork's partial tail: neither reply nor event

    // The next bytes to write (up to `maxBytes`, across messages: one send for many small events)
    // and how many the socket took.
    QByteArray nextToWrite(qsizetype maxBytes = 64 * 1024) const;
    void written(qsizetype count);
    qsizetype unwrittenBytes() const { return m_unwrittenBytes; }
    qsizetype unwrittenEventBytes() const { return m_unwrittenEventBytes; }

    // Messages from `unreadByPeer` bytes before the end of what was written, to the end.
    Undelivered undelivered(qint64 unreadByPeer) const;

private:
    void trimHistory();

    std::deque<Chunk> m_chunks;
    size_t m_firstUnwritten = 0;    // index into m_chunks
    qsizetype m_writtenInFirst = 0; // bytes of that chunk already written
    qsizetype m_unwrittenBytes = 0;
    qsizetype m_unwrittenEventBytes = 0;
    qsizetype m_historyBytes = 0; // bytes of fully written chunks still kept
    qsizetype m_historyLimit;
};

} // namespace clonedeck::bridge
