// A hostile guest for test_bridge_sandbox, run inside a sandbox VM against its own
// endpoint ($XENSTORED_PATH): `oversized` announces a 5,000-byte payload and
// prints whether the bridge closed the connection; `truncated` sends half a
// request and leaves; `flood` writes requests without ever reading a reply until
// the bridge stops taking them (no progress for 1 s) and prints how much it took.
#include "RawXenstoreClient.h"

#include <QByteArray>

#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>

using namespace clonedeck;
using namespace clonedeck::test;

int main(int argc, char **argv)
{
    const QByteArray mode = argc > 1 ? QByteArray(argv[1]) : QByteArray();
    auto guest = RawXenstoreClient::connect(QString::fromLocal8Bit(qgetenv("XENSTORED_PATH")));
    if (!guest) {
        std::puts("refused");
        return 2;
    }
    if (mode == "oversized") {
        QByteArray header = xswire::encode(xswire::Message{quint32(xswire::Type::Read), 1, 0, QByteArray()});
        const quint32 length = 5000;
        std::memcpy(header.data() + 12, &length, sizeof length);
        guest->sendRaw(header);
        std::puts(guest->waitClosed(10000) ? "closed" : "open");
        return 0;
    }
    const QByteArray request = xswire::encode(
        xswire::Message{quint32(xswire::Type::Write), 1, 0, QByteArray("hostile/x\0value", 15)});
    if (mode == "truncated") {
        guest->sendRaw(request.first(request.size() / 2));
        std::puts("sent");
        return 0;
    }
    if (mode != "flood")
        return 1;
    ::fcntl(guest->fd(), F_SETFL, ::fcntl(guest->fd(), F_GETFL) | O_NONBLOCK);
    QByteArray burst;
    for (int i = 0; i < 4096; ++i)
        burst += request;
    qint64 sent = 0;
    const qint64 cap = 64 * 1024 * 1024;
    qsizetype offset = 0;
    while (sent < cap) {
        const ssize_t n =
            ::send(guest->fd(), burst.constData() + offset, size_t(burst.size() - offset), MSG_NOSIGNAL);
        if (n > 0) {
            sent += n;
            offset = (offset + n) % burst.size();
            continue;
        }
        pollfd writable{guest->fd(), POLLOUT, 0};
        if (::poll(&writable, 1, 1000) == 0)
            break;
    }
    std::printf("took %lld of %lld\n", static_cast<long long>(sent), static_cast<long long>(cap));
    return 0;
}
