#include "PipeEnd.h"

#include <fcntl.h>
#include <unistd.h>

namespace clonedeck {

PipeEnd::PipeEnd(int fd)
    : m_fd(fd)
{
    if (m_fd >= 0)
        ::fcntl(m_fd, F_SETFL, ::fcntl(m_fd, F_GETFL) | O_NONBLOCK);
}

PipeEnd &PipeEnd::operator=(PipeEnd &&other) noexcept
{
    if (this != &other) {
        close();
        m_fd = std::exchange(other.m_fd, -1);
    }
    return *this;
}

void PipeEnd::close()
{
    if (m_fd >= 0)
        ::close(m_fd);
    m_fd = -1;
}

} // namespace clonedeck
