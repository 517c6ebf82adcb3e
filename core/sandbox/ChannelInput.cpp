#include "ChannelInput.h"

#include <libssh/libssh.h>

#include <algorithm>
#include <cerrno>
#include <unistd.h>

namespace clonedeck {

uint32_t ChannelInput::offer(const char *data, uint32_t length)
{
    if (m_discarding) {
        m_held = 0;
        return length; // nobody will read it: keep the channel flowing
    }
    const uint32_t taken = uint32_t(std::min<size_t>(length, kCapacity - pending()));
    m_buffer.append(data, taken);
    m_held = length - taken;
    return taken;
}

void ChannelInput::pump(ssh_channel channel)
{
    flush();
    if (m_held > 0 && !m_discarding && kCapacity - pending() >= m_held) {
        // libssh's buffer is not empty, so this read neither polls nor waits (ssh_channel_poll).
        const size_t at = m_buffer.size();
        m_buffer.resize(at + m_held);
        const int n = ssh_channel_read_nonblocking(channel, m_buffer.data() + at, m_held, 0);
        m_buffer.resize(at + size_t(std::max(n, 0)));
        m_held = n > 0 ? m_held - uint32_t(n) : 0;
        flush();
    }
    if (m_endOfInput && m_held == 0 && pending() == 0)
        m_stdin.close(); // the command sees EOF once it has read everything
}

void ChannelInput::flush()
{
    while (m_stdin.isOpen() && pending() > 0) {
        const ssize_t n = ::write(m_stdin.fd(), m_buffer.data() + m_offset, pending());
        if (n > 0) {
            m_offset += size_t(n);
            continue;
        }
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && errno == EAGAIN)
            break;
        // EPIPE: the command closed its stdin; what it did not read is dropped, as sshd does.
        m_stdin.close();
        m_discarding = true;
        m_buffer.clear();
    }
    if (pending() == 0) {
        m_buffer.clear();
        m_offset = 0;
    } else if (m_offset > kCapacity / 2) {
        m_buffer.erase(0, m_offset); // amortised: moves at most the remainder, half the time
        m_offset = 0;
    }
}

} // namespace clonedeck
