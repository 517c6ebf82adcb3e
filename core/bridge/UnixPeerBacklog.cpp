#include "UnixPeerBacklog.h"

#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/sock_diag.h>
#include <linux/unix_diag.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstring>

namespace clonedeck::bridge {

namespace {

struct SocketDiagnosis
{
    quint32 peerInode = 0;
    qint64 receiveQueue = -1;
};

Error diagError(int code, const char *what)
{
    return Error{code, QStringLiteral("unix_diag"),
                 QStringLiteral("%1: %2").arg(QLatin1String(what), QString::fromLocal8Bit(strerror(code)))};
}

Result<SocketDiagnosis> diagnose(quint32 inode, quint32 show)
{
    const int netlink = ::socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, NETLINK_SOCK_DIAG);
    if (netlink < 0)
        return diagError(errno, "cannot open a sock_diag socket");
    struct
    {
        nlmsghdr header;
        unix_diag_req request;
    } query{};
    query.header.nlmsg_len = sizeof query;
    query.header.nlmsg_type = SOCK_DIAG_BY_FAMILY;
    query.header.nlmsg_flags = NLM_F_REQUEST;
    query.header.nlmsg_seq = 1;
    query.request.sdiag_family = AF_UNIX;
    query.request.udiag_states = ~0u;
    query.request.udiag_ino = inode;
    query.request.udiag_show = show;
    query.request.udiag_cookie[0] = query.request.udiag_cookie[1] = ~0u; // any instance of this inode
    sockaddr_nl kernel{};
    kernel.nl_family = AF_NETLINK;
    alignas(nlmsghdr) char answer[4096];
    ssize_t received = -1;
    // The kernel answers while handling the send, so the receive never waits.
    if (::sendto(netlink, &query, sizeof query, 0, reinterpret_cast<sockaddr *>(&kernel), sizeof kernel) ==
        ssize_t(sizeof query))
        received = ::recv(netlink, answer, sizeof answer, MSG_DONTWAIT);
    const int savedErrno = errno;
    ::close(netlink);
    if (received < 0)
        return diagError(savedErrno, "sock_diag query failed");
    const auto *header = reinterpret_cast<const nlmsghdr *>(answer);
    if (!NLMSG_OK(header, size_t(received)))
        return diagError(EIO, "short sock_diag answer");
    if (header->nlmsg_type == NLMSG_ERROR) {
        const auto *error = static_cast<const nlmsgerr *>(NLMSG_DATA(header));
        return diagError(error->error ? -error->error : EIO, "sock_diag refused the query");
    }
    const auto *message = static_cast<const unix_diag_msg *>(NLMSG_DATA(header));
    SocketDiagnosis diagnosis;
    int length = int(header->nlmsg_len) - int(NLMSG_LENGTH(sizeof *message));
    for (auto *attribute = reinterpret_cast<const rtattr *>(message + 1); RTA_OK(attribute, length);
         attribute = RTA_NEXT(attribute, length)) {
        if (attribute->rta_type == UNIX_DIAG_PEER)
            std::memcpy(&diagnosis.peerInode, RTA_DATA(attribute), sizeof diagnosis.peerInode);
        if (attribute->rta_type == UNIX_DIAG_RQLEN) {
            unix_diag_rqlen queue;
            std::memcpy(&queue, RTA_DATA(attribute), sizeof queue);
            diagnosis.receiveQueue = queue.udiag_rqueue;
        }
    }
    return diagnosis;
}

} // namespace

Result<qint64> UnixPeerBacklog::unreadByPeer(int connectedFd)
{
    struct stat status;
    if (::fstat(connectedFd, &status) != 0)
        return diagError(errno, "cannot stat the socket");
    const auto own = diagnose(quint32(status.st_ino), UDIAG_SHOW_PEER);
    if (!own)
        return own.error();
    if (own->peerInode == 0)
        return qint64(0); // the peer is gone: nothing of ours waits in it
    const auto peer = diagnose(own->peerInode, UDIAG_SHOW_RQLEN);
    if (!peer)
        return peer.error();
    if (peer->receiveQueue < 0)
        return diagError(EIO, "the peer's receive queue was not reported");
    return peer->receiveQueue;
}

} // namespace clonedeck::bridge
