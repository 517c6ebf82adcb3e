#include "AgentStdin.h"

#include <libssh/libssh.h>

#include <algorithm>
#include <cerrno>

namespace clonedeck {

namespace {
constexpr qint64 kMaxChunk = 64 * 1024;
}

Result<qint64> AgentStdin::flush(ssh_channel channel, ssh_session session)
{
    qint64 written = 0;
    // ssh_get_status, not ssh_get_poll_flags: libssh asks the poll for POLLOUT after every send,
    // even one the socket took whole, so the poll flags stopped this loop after each 64 KiB
    // chunk until the event loop had come round (one chunk per wakeup: 50 MB of stdin through
    // `clonectl launch -- cat` in 10-12 s). The status says whether bytes are really left in
    // libssh's output buffer, which keeps what libssh holds to at most one chunk.
    while (written < m_data.size() && !(ssh_get_status(session) & SSH_WRITE_PENDING)) {
        const qint64 window = ssh_channel_window_size(channel);
        if (window == 0)
            break;
        const auto chunk = uint32_t(std::min({m_data.size() - written, window, kMaxChunk}));
        const int n = ssh_channel_write(channel, m_data.constData() + written, chunk);
        if (n == SSH_ERROR)
            return Error{ECONNRESET, {}, QString::fromUtf8(ssh_get_error(session))};
        if (n <= 0)
            break;
        written += n;
    }
    m_data.remove(0, written);
    if (m_data.isEmpty() && m_eofRequested && !m_eofSent) {
        ssh_channel_send_eof(channel);
        m_eofSent = true;
    }
    return written;
}

} // namespace clonedeck
