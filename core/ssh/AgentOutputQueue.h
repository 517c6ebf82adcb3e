#pragma once

// One agent's output on its way from libssh to the consumer, with the flow control between
// them. libssh hands over every data packet as it processes it (a channel data callback), so
// nothing is stranded inside libssh when the peer closes the connection right after its last
// packet (libssh 0.10 refuses to read buffered channel data once the socket is gone). What is
// held here — received and not handed on yet, plus handed on and not acknowledged — is kept
// under the window: at the window the session stops reading its connection (SSH's window and
// TCP then make the agent wait) and reads again once half of it is free (so reads stay large
// however small the acknowledgements).
#include "AgentTypes.h"

#include <QByteArray>

#include <deque>
#include <optional>

namespace clonedeck {

class AgentOutputQueue
{
public:
    struct Chunk
    {
        AgentStream stream = AgentStream::Stdout;
        QByteArray data;
    };

    explicit AgentOutputQueue(qint64 window);

    void receive(AgentStream stream, const char *data, qint64 size);
    // The next chunk the window lets through (a pending chunk, split to fit), if any.
    std::optional<Chunk> take();
    void acknowledge(qint64 bytes);

    // Recomputes whether the connection may be read; true when that changed.
    bool updatePause();
    bool isPaused() const { return m_paused; }
    bool hasPending() const { return !m_pending.empty(); }
    qint64 pendingBytes() const { return m_pendingBytes; }
    qint64 received() const { return m_received; }
    qint64 window() const { return m_window; }

private:
    qint64 held() const { return m_pendingBytes + m_unacknowledged; }

    std::deque<Chunk> m_pending;
    qint64 m_pendingBytes = 0;
    qint64 m_unacknowledged = 0;
    qint64 m_received = 0;
    qint64 m_window;
    bool m_paused = false;
};

} // namespace clonedeck
