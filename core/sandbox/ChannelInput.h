#pragma once

// The client's data on its way to the command's stdin, at the pace the command reads it.
// What the channel-data callback does not take stays in libssh, which stops widening the
// client's window while it holds enough (channels.c, channel_rcv_data): the client is
// slowed down instead of buffered without end. Taking held data back with ssh_channel_read
// reopens the window however much libssh still holds, so it is taken back only whole, once
// our buffer has room for all of it; libssh then holds at most one window plus its refill
// threshold (1.28 MB + 0.64 MB in libssh 0.10), and this buffer at most kCapacity.
#include "PipeEnd.h"

#include <cstddef>
#include <cstdint>
#include <string>

struct ssh_channel_struct;

namespace clonedeck {

class ChannelInput
{
public:
    static constexpr size_t kCapacity = 2 * 1024 * 1024;
    // More held than an honest client can send within its window: it ignores the window.
    static constexpr size_t kHeldLimit = 4 * 1024 * 1024;

    void attach(PipeEnd stdinEnd) { m_stdin = std::move(stdinEnd); }
    // From the channel-data callback; `length` is all libssh holds for the channel. Returns
    // what was taken. Never touches libssh or the event loop: it may run nested in a libssh call.
    uint32_t offer(const char *data, uint32_t length);
    void endOfInput() { m_endOfInput = true; }
    // Writes what the command takes now, takes held data back when it fits, closes the
    // command's stdin after the client's EOF. Never blocks, never polls the session.
    void pump(ssh_channel_struct *channel);

    int fd() const { return m_stdin.fd(); }
    bool wantsWritable() const { return m_stdin.isOpen() && pending() > 0; }
    bool overrun() const { return m_held > kHeldLimit; }

private:
    size_t pending() const { return m_buffer.size() - m_offset; }
    void flush();

    std::string m_buffer;
    size_t m_offset = 0; // m_buffer[m_offset..] is still to be written
    uint32_t m_held = 0; // what libssh keeps for us after the last callback or read
    PipeEnd m_stdin;
    bool m_endOfInput = false;
    bool m_discarding = false; // the command closed its stdin: nothing more reaches it
};

} // namespace clonedeck
