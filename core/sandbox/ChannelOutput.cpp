#include "ChannelOutput.h"

#include <libssh/libssh.h>

#include <algorithm>
#include <cerrno>
#include <unistd.h>

namespace clonedeck {

bool ChannelOutput::wantsReadable(ssh_session session, ssh_channel channel) const
{
    return m_output.isOpen() && pending() == 0 && ssh_channel_window_size(channel) > 0 &&
           !(ssh_get_status(session) & SSH_WRITE_PENDING);
}

bool ChannelOutput::writePending(ssh_channel channel)
{
    while (pending() > 0) {
        const uint32_t window = ssh_channel_window_size(channel);
        if (window == 0)
            return true; // resumed by the client's window adjust
        const uint32_t length = uint32_t(std::min<size_t>(pending(), window));
        const char *data = m_chunk.get() + m_offset;
        const int written = m_stderr ? ssh_channel_write_stderr(channel, data, length)
                                     : ssh_channel_write(channel, data, length);
        if (written == SSH_ERROR)
            return false;
        if (written == 0)
            return true; // a key re-exchange is under way: try again later
        m_offset += size_t(written);
    }
    m_read = m_offset = 0;
    return true;
}

bool ChannelOutput::pump(ssh_session session, ssh_channel channel)
{
    if (!writePending(channel))
        return false;
    if (!wantsReadable(session, channel))
        return true;
    const size_t length = std::min<size_t>(kChunk, ssh_channel_window_size(channel));
    // Storage that is not cleared first: a pass of the session's loop tries each open output,
    // mostly finding nothing yet, and sizing a string to 64 KiB for that zeroed it every time
    // (perf, a 200-agent fan-out: all of clonedeckd's memset, 1.6 % of its CPU).
    if (!m_chunk)
        m_chunk = std::make_unique_for_overwrite<char[]>(kChunk);
    const ssize_t n = ::read(m_output.fd(), m_chunk.get(), length);
    m_read = size_t(std::max<ssize_t>(n, 0));
    if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR))
        m_output.close(); // EOF: the command and everything it started closed this output
    return writePending(channel);
}

} // namespace clonedeck
