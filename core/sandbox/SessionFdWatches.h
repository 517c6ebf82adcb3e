#pragma once

// Which fd each of a session's streams has in its libssh event. Keyed by stream, not by
// fd: a stream's fd reads -1 once it is closed, so its old number is known only here, and
// must leave the event with it (left in, a closed fd made every poll return at once, and a
// number the process reused would be watched for someone else).
#include <libssh/callbacks.h>
#include <libssh/libssh.h>

#include <array>

namespace clonedeck {

class SessionFdWatches
{
public:
    enum Stream
    {
        CommandInput,
        CommandOutput,
        CommandErrors,
        CommandEnd,
        StreamCount
    };

    // Adds fd to the event for stream (replacing what the stream had) when wanted and open;
    // otherwise takes the stream's fd out.
    void watch(ssh_event event, Stream stream, int fd, short events, bool wanted, ssh_event_callback callback,
               void *userdata);
    void unwatchAll(ssh_event event);

private:
    std::array<int, StreamCount> m_registered{-1, -1, -1, -1};
};

} // namespace clonedeck
