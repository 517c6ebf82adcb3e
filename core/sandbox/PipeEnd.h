#pragma once

// The end of a pipe this process owns, in non-blocking mode: closed exactly once, by whoever
// holds it last. Shared by the streams between an SSH channel and a VM command.
#include <utility>

namespace clonedeck {

class PipeEnd
{
public:
    PipeEnd() = default;
    explicit PipeEnd(int fd); // takes ownership; made non-blocking
    PipeEnd(PipeEnd &&other) noexcept
        : m_fd(std::exchange(other.m_fd, -1))
    {}
    PipeEnd &operator=(PipeEnd &&other) noexcept;
    PipeEnd(const PipeEnd &) = delete;
    PipeEnd &operator=(const PipeEnd &) = delete;
    ~PipeEnd() { close(); }

    int fd() const { return m_fd; }
    bool isOpen() const { return m_fd >= 0; }
    void close();

private:
    int m_fd = -1;
};

} // namespace clonedeck
