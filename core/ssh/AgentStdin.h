#pragma once

// An agent's stdin on its way into its SSH channel: what the caller wrote, handed to libssh
// within the channel's window, a chunk at a time and only once libssh has sent the previous
// chunk. stdinWritten() then means "on its way", so a producer that feeds by that credit
// (clonectl: at most 256 KiB ahead) never parks more than a chunk in libssh's socket buffer,
// however generous the peer's window. EOF follows the last byte.
#include "Error.h"

#include <QByteArray>

struct ssh_channel_struct;
struct ssh_session_struct;

namespace clonedeck {

class AgentStdin
{
public:
    void append(const QByteArray &data) { m_data.append(data); }
    void requestEof() { m_eofRequested = true; }
    void discard() { m_data.clear(); }
    bool eofRequested() const { return m_eofRequested; }

    // Writes what may go now; the bytes written, or libssh's error.
    Result<qint64> flush(ssh_channel_struct *channel, ssh_session_struct *session);

private:
    QByteArray m_data;
    bool m_eofRequested = false;
    bool m_eofSent = false;
};

} // namespace clonedeck
