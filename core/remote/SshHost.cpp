#include "SshHost.h"

#include "SshHostLink.h"
#include "SshThreadCleanup.h"

#include <libssh/libssh.h>

#include <sys/socket.h>
#include <unistd.h>

#include <future>

namespace clonedeck {

namespace {
Result<std::pair<int, int>> streamPair()
{
    int fds[2];
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, fds) != 0)
        return Error{errno, QStringLiteral("socketpair"), QString::fromLocal8Bit(strerror(errno))};
    return std::pair{fds[0], fds[1]};
}
} // namespace

SshHost::SshHost(ConnectionUri endpoint, SshHostOptions options)
    : m_endpoint(std::move(endpoint))
    , m_timeoutMs(options.connectTimeoutMs)
    , m_identityFiles(options.identityFiles)
    , m_link(new SshHostLink(m_endpoint, std::move(options)))
{
    ssh_init(); // reference-counted; libssh needs it before sessions on several threads
    m_thread.setObjectName(QStringLiteral("ssh ") + m_endpoint.displayName());
    releaseCryptoStateWhenFinished(&m_thread);
    m_link->moveToThread(&m_thread);
    m_thread.start();
}

SshHost::~SshHost()
{
    // Its channels and sockets close on its own thread, before the thread ends.
    QMetaObject::invokeMethod(
        m_link, [link = m_link] { delete link; }, Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
    ssh_finalize();
}

template<typename Call>
void SshHost::post(Call call)
{
    QMetaObject::invokeMethod(m_link, std::move(call), Qt::QueuedConnection);
}

QString SshHost::description() const
{
    return QStringLiteral("via ") + m_endpoint.displayName();
}

void SshHost::acceptHostKey(const QString &fingerprint)
{
    post([link = m_link, fingerprint] { link->acceptHostKey(fingerprint); });
}

Status SshHost::waitFor(const ChannelTarget *target, int localFd)
{
    auto promise = std::make_shared<std::promise<Status>>();
    std::future<Status> answer = promise->get_future();
    auto done = [promise](Status status) { promise->set_value(std::move(status)); };
    if (target == nullptr)
        post([link = m_link, done] { link->whenConnected(done); });
    else
        post([link = m_link, localFd, target = *target, done] { link->openChannel(localFd, target, done); });
    // The link enforces the deadline itself; this margin only guards against a stuck thread.
    if (answer.wait_for(std::chrono::milliseconds(m_timeoutMs + 5000)) != std::future_status::ready)
        return Error{ETIMEDOUT, m_endpoint.displayName(),
                     QStringLiteral("the SSH connection does not answer")};
    return answer.get();
}

Status SshHost::connect()
{
    return waitFor(nullptr, -1);
}

Result<int> SshHost::openUnixStream(const QString &remotePath)
{
    auto pair = streamPair();
    if (!pair)
        return pair.error();
    const ChannelTarget target{remotePath, {}, 0};
    Status opened = waitFor(&target, pair->second);
    if (!opened) {
        ::close(pair->first);
        return Error{opened.error().code, m_endpoint.toString(), opened.error().message};
    }
    return pair->first;
}

void SshHost::serveUnixSocket(int listenFd, const QString &remotePath)
{
    post([link = m_link, listenFd, target = ChannelTarget{remotePath, {}, 0}] {
        link->serve(listenFd, target);
    });
}

Result<int> SshHost::openTcpStream(const QString &host, quint16 port)
{
    auto pair = streamPair();
    if (!pair)
        return pair.error();
    post([link = m_link, fd = pair->second, target = ChannelTarget{{}, host, port}] {
        link->openChannel(fd, target,
                          [](const Status &) {}); // a failure ends the stream: the caller sees EOF
    });
    return pair->first;
}

} // namespace clonedeck
