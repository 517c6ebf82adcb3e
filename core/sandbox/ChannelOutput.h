#pragma once

// One of the command's output pipes on its way to the client. It reads only as much as the
// client's window admits and only while libssh has nothing left unsent, so a client that
// stops reading stops the command (its pipe fills) instead of growing our buffers, and a
// write never has to wait: libssh's ssh_channel_write waits (polling the session from inside
// the caller, the re-entrancy docs/known-issues.md once described) only for a window it lacks.
// It resumes when a window adjust arrives or libssh reports, through the channel's
// write-wontblock callback, that its socket buffer has drained.
#include "PipeEnd.h"

#include <cstddef>
#include <memory>

struct ssh_session_struct;
struct ssh_channel_struct;

namespace clonedeck {

class ChannelOutput
{
public:
    static constexpr size_t kChunk = 64 * 1024;

    explicit ChannelOutput(bool isStderr)
        : m_stderr(isStderr)
    {}
    void attach(PipeEnd outputEnd) { m_output = std::move(outputEnd); }
    // Moves what the window and the socket admit now. False: the channel failed.
    bool pump(ssh_session_struct *session, ssh_channel_struct *channel);
    bool wantsReadable(ssh_session_struct *session, ssh_channel_struct *channel) const;
    // The pipe reached EOF and everything read from it was sent.
    bool finished() const { return !m_output.isOpen() && pending() == 0; }
    int fd() const { return m_output.fd(); }

private:
    size_t pending() const { return m_read - m_offset; }
    bool writePending(ssh_channel_struct *channel);

    std::unique_ptr<char[]> m_chunk; // what one read() fills, made on the first
    size_t m_read = 0;               // bytes of m_chunk the last read() filled
    size_t m_offset = 0;             // of those, already sent
    PipeEnd m_output;
    bool m_stderr;
};

} // namespace clonedeck
