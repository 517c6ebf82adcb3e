#include "SandboxSshServer.h"

#include "Log.h"
#include "SandboxDisk.h"
#include "SandboxSession.h"

#include <QFile>

#include <libssh/server.h>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <vector>

namespace clonedeck {

struct SandboxSshServer::Endpoint
{
    SandboxEndpointSpec spec;
    int listenFd = -1;
    quint16 port = 0;
    ssh_bind bind = nullptr;

    ~Endpoint()
    {
        if (listenFd >= 0)
            ::close(listenFd);
        if (bind)
            ssh_bind_free(bind);
    }
};

namespace {

Result<int> listenOn(const QString &address, quint16 port)
{
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (fd < 0)
        return Error{errno, address, QStringLiteral("cannot create a socket")};
    const int one = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in sa{};
    sa.sin_family = AF_INET;
    sa.sin_port = htons(port);
    if (::inet_pton(AF_INET, address.toLatin1().constData(), &sa.sin_addr) != 1) {
        ::close(fd);
        return Error{EINVAL, address, QStringLiteral("not an IPv4 address")};
    }
    if (::bind(fd, reinterpret_cast<sockaddr *>(&sa), sizeof sa) != 0 || ::listen(fd, 128) != 0) {
        const int code = errno;
        ::close(fd);
        return Error{code, QStringLiteral("%1:%2").arg(address).arg(port),
                     QString::fromLocal8Bit(strerror(code))};
    }
    return fd;
}

} // namespace

SandboxSshServer::SandboxSshServer()
{
    ssh_init();
    if (::pipe2(m_wakeFds, O_CLOEXEC | O_NONBLOCK) != 0)
        spdlog::critical("sandbox SSH server: cannot create its wake-up pipe");
    m_acceptThread = std::thread([this] { acceptLoop(); });
}

SandboxSshServer::~SandboxSshServer()
{
    std::vector<int> domids;
    {
        std::lock_guard lock(m_mutex);
        for (const auto &[domid, endpoint] : m_endpoints)
            domids.push_back(domid);
    }
    for (int domid : domids)
        removeEndpoint(domid);
    m_stopping = true;
    wake();
    if (m_acceptThread.joinable())
        m_acceptThread.join();
    reapFinished();
    ::close(m_wakeFds[0]);
    ::close(m_wakeFds[1]);
}

void SandboxSshServer::wake()
{
    const char byte = 1;
    [[maybe_unused]] const auto written = ::write(m_wakeFds[1], &byte, 1);
}

Result<quint16> SandboxSshServer::addEndpoint(const SandboxEndpointSpec &spec)
{
    auto endpoint = std::make_shared<Endpoint>();
    endpoint->spec = spec;
    auto fd = listenOn(spec.address, spec.preferredPort);
    endpoint->port = spec.preferredPort;
    if (!fd && spec.fallbackPort != spec.preferredPort) {
        fd = listenOn(spec.address, spec.fallbackPort);
        endpoint->port = spec.fallbackPort;
    }
    if (!fd)
        return fd.error();
    endpoint->listenFd = *fd;
    endpoint->bind = ssh_bind_new();
    const QByteArray hostKey = QFile::encodeName(SandboxDisk::hostKeyPath(spec.directory));
    if (ssh_bind_options_set(endpoint->bind, SSH_BIND_OPTIONS_HOSTKEY, hostKey.constData()) != SSH_OK ||
        ssh_bind_options_set(endpoint->bind, SSH_BIND_OPTIONS_BANNER, "Clonedeck-sandbox") != SSH_OK)
        return Error{EIO, spec.directory, QStringLiteral("cannot configure the SSH endpoint")};
    {
        std::lock_guard lock(m_mutex);
        if (m_endpoints.count(spec.domid))
            return Error{EEXIST, QString::number(spec.domid), QStringLiteral("the VM is already served")};
        m_endpoints[spec.domid] = endpoint;
    }
    wake();
    spdlog::debug("sandbox VM {} serves SSH on {}:{}", spec.domid, spec.address, endpoint->port);
    return endpoint->port;
}

Status SandboxSshServer::removeEndpoint(int domid)
{
    std::vector<std::shared_ptr<Connection>> sessions;
    {
        std::lock_guard lock(m_mutex);
        m_endpoints.erase(domid); // closes the listener once the accept loop lets go of it
        for (const auto &connection : m_connections) {
            if (connectionDomid(*connection) == domid)
                sessions.push_back(connection);
        }
    }
    wake();
    for (const auto &connection : sessions)
        requestStop(*connection);
    // Bounded wait: each session ends its process group (TERM, then KILL) and its thread.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    for (const auto &connection : sessions) {
        while (!isFinished(*connection) && std::chrono::steady_clock::now() < deadline) {
            pollfd none{};
            ::poll(&none, 0, 5);
        }
        killProcesses(*connection); // whatever survived the deadline
    }
    reapFinished();
    return Done{};
}

int SandboxSshServer::activeSessionCount(int domid) const
{
    std::lock_guard lock(m_mutex);
    int count = 0;
    for (const auto &connection : m_connections) {
        if (connectionDomid(*connection) == domid && !isFinished(*connection))
            ++count;
    }
    return count;
}

void SandboxSshServer::reapFinished()
{
    std::list<std::shared_ptr<Connection>> finished;
    {
        std::lock_guard lock(m_mutex);
        for (auto it = m_connections.begin(); it != m_connections.end();) {
            if (isFinished(**it)) {
                finished.push_back(*it);
                it = m_connections.erase(it);
            } else {
                ++it;
            }
        }
    }
    for (const auto &connection : finished)
        joinConnection(*connection);
}

void SandboxSshServer::acceptLoop()
{
    while (!m_stopping) {
        std::vector<pollfd> fds{{m_wakeFds[0], POLLIN, 0}};
        std::vector<std::shared_ptr<Endpoint>> endpoints;
        {
            std::lock_guard lock(m_mutex);
            for (const auto &[domid, endpoint] : m_endpoints) {
                fds.push_back({endpoint->listenFd, POLLIN, 0});
                endpoints.push_back(endpoint);
            }
        }
        if (::poll(fds.data(), fds.size(), 1000) < 0 && errno != EINTR)
            break;
        if (fds[0].revents & POLLIN) {
            char buffer[64];
            while (::read(m_wakeFds[0], buffer, sizeof buffer) > 0) {
            }
        }
        for (size_t i = 1; i < fds.size(); ++i) {
            if (!(fds[i].revents & POLLIN))
                continue;
            const auto &endpoint = endpoints[i - 1];
            while (true) {
                const int client = ::accept4(endpoint->listenFd, nullptr, nullptr, SOCK_CLOEXEC);
                if (client < 0)
                    break;
                ssh_session session = ssh_new();
                if (ssh_bind_accept_fd(endpoint->bind, session, client) != SSH_OK) {
                    spdlog::warn("sandbox VM {}: cannot accept an SSH connection: {}", endpoint->spec.domid,
                                 ssh_get_error(endpoint->bind));
                    ssh_free(session);
                    ::close(client);
                    continue;
                }
                auto connection = startConnection(session, endpoint->spec);
                std::lock_guard lock(m_mutex);
                m_connections.push_back(connection);
            }
        }
        reapFinished();
    }
}

} // namespace clonedeck
