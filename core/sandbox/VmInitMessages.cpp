#include "VmInitMessages.h"

#include <QString>

#include <cerrno>
#include <cstring>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>
#include <utility>

namespace clonedeck::vminit {

int receiveReply(int fd, int deadlineMs, Reply &reply)
{
    pollfd ready{fd, POLLIN, 0};
    int polled;
    while ((polled = ::poll(&ready, 1, deadlineMs)) < 0 && errno == EINTR) {
    }
    if (polled == 0)
        return -1;
    int32_t words[2] = {};
    iovec part{words, sizeof words};
    union {
        cmsghdr header;
        char space[CMSG_SPACE(sizeof(int))];
    } control{};
    msghdr message{nullptr, 0, &part, 1, control.space, sizeof control.space, 0};
    const ssize_t length = ::recvmsg(fd, &message, MSG_CMSG_CLOEXEC | MSG_DONTWAIT);
    for (cmsghdr *c = CMSG_FIRSTHDR(&message); c; c = CMSG_NXTHDR(&message, c)) {
        if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS && c->cmsg_len == CMSG_LEN(sizeof(int)))
            std::memcpy(&reply.fd, CMSG_DATA(c), sizeof(int));
    }
    if (length != ssize_t(sizeof words)) {
        if (reply.fd >= 0)
            ::close(std::exchange(reply.fd, -1));
        return 0;
    }
    reply.code = words[0];
    reply.detail = words[1];
    return 1;
}

std::string requestPayload(const std::string &directory, const std::vector<std::string> &argv,
                           const std::vector<std::string> &envp)
{
    std::string payload = directory + '\0' + std::to_string(argv.size()) + '\0';
    for (const std::vector<std::string> *list : {&argv, &envp}) {
        for (const std::string &entry : *list) {
            payload += entry;
            payload += '\0';
        }
    }
    return payload;
}

Status sendRequest(int control, const std::string &payload, const int (&fds)[4], int deadlineMs)
{
    iovec part{const_cast<char *>(payload.data()), payload.size()};
    union {
        cmsghdr header;
        char space[CMSG_SPACE(sizeof fds)];
    } buffer{};
    msghdr message{nullptr, 0, &part, 1, buffer.space, sizeof buffer.space, 0};
    cmsghdr *c = CMSG_FIRSTHDR(&message);
    c->cmsg_level = SOL_SOCKET;
    c->cmsg_type = SCM_RIGHTS;
    c->cmsg_len = CMSG_LEN(sizeof fds);
    std::memcpy(CMSG_DATA(c), fds, sizeof fds);
    for (;;) {
        if (::sendmsg(control, &message, MSG_DONTWAIT | MSG_NOSIGNAL) >= 0)
            return Done{};
        if (errno == EINTR)
            continue;
        if (errno != EAGAIN)
            return Error{errno, {}, QStringLiteral("cannot send the command to the VM's init")};
        pollfd writable{control, POLLOUT, 0};
        if (::poll(&writable, 1, deadlineMs) == 0)
            return Error{ETIMEDOUT, {}, QStringLiteral("the VM's init takes no request (hung?)")};
    }
}

} // namespace clonedeck::vminit
