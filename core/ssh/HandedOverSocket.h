#pragma once

// A socket given to libssh with SSH_OPTIONS_FD. libssh closes such a socket after some errors,
// but not in ssh_disconnect() (Debian 12's 0.10.6): every ended agent session left its socket
// open, in CLOSE_WAIT, and a tunnelled one its host channel too, so a console running agents
// all day ran out of descriptors. closeIfStillOpen(), after ssh_free(), closes it unless libssh
// did; it knows the socket by its device and inode, not by its number, which another thread may
// have been given again once libssh closed it.
#include <sys/types.h>

namespace clonedeck {

class HandedOverSocket
{
public:
    void remember(int fd); // as it is handed over
    void closeIfStillOpen();

private:
    int m_fd = -1;
    dev_t m_device = 0;
    ino_t m_inode = 0;
};

} // namespace clonedeck
