#include "HandedOverSocket.h"

#include <sys/stat.h>
#include <unistd.h>

namespace clonedeck {

void HandedOverSocket::remember(int fd)
{
    struct stat st
    {
    };
    m_fd = fd >= 0 && ::fstat(fd, &st) == 0 ? fd : -1;
    m_device = st.st_dev;
    m_inode = st.st_ino;
}

void HandedOverSocket::closeIfStillOpen()
{
    struct stat st
    {
    };
    if (m_fd >= 0 && ::fstat(m_fd, &st) == 0 && st.st_dev == m_device && st.st_ino == m_inode)
        ::close(m_fd);
    m_fd = -1;
}

} // namespace clonedeck
