#include "SessionFdWatches.h"

namespace clonedeck {

void SessionFdWatches::watch(ssh_event event, Stream stream, int fd, short events, bool wanted,
                             ssh_event_callback callback, void *userdata)
{
    int &registered = m_registered[stream];
    if (registered >= 0 && (registered != fd || !wanted)) {
        ssh_event_remove_fd(event, registered);
        registered = -1;
    }
    if (wanted && fd >= 0 && registered < 0) {
        ssh_event_add_fd(event, fd, events, callback, userdata);
        registered = fd;
    }
}

void SessionFdWatches::unwatchAll(ssh_event event)
{
    for (int &fd : m_registered) {
        if (fd >= 0)
            ssh_event_remove_fd(event, fd);
        fd = -1;
    }
}

} // namespace clonedeck
