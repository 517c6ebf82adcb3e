#include "SandboxSshServer.h"

#include "Log.h"
#include "SandboxDisk.h"
#include "SandboxSession.h"
#include "SandboxVmInitHolder.h"

#include <libssh/server.h>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>

namespace clonedeck {

struct SandboxSshServer::Endpoint
{
    SandboxEndpointSpec spec;
    int listenFd = -1;
    quint16 port = 0;
    ssh_bind bind = nullptr;
    // Confined: the VM's one init, made by its first command (SandboxVmInitHolder).
    std::shared_ptr<SandboxVmInitHolder> init = std::make_shared<SandboxVmInitHolder>();

    ~Endpoint()
    {
        init->reset();
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
    // A deep backlog: a fan-out connects hundreds at once, and a connection the kernel could not
    // queue is left half-open on the server while the client believes it is connected.
    if (::bind(fd, reinterpret_cast<sockaddr *>(&sa), sizeof sa) != 0 || ::listen(fd, 1024) != 0) {
        const int code = errno;
        ::close(fd);
        return Error{code, QStringLiteral("%1:%2").arg(address).arg(port),
                     QString::fromLocal8Bit(strerror(code))};
    }
    return fd;
}

// The VM's host key, read without following anything the VM may have planted in its directory.
Status useHostKey(ssh_bind bind, const QString &directory)
{
    const auto text = SandboxDisk::readHostKey(directory);
    if (!text)
        return text.error();
    ssh_key key = nullptr;
    if (ssh_pki_import_privkey_base64(text->constData(), nullptr, nullptr, nullptr, &key) != SSH_OK)
        return Error{EINVAL, SandboxDisk::hostKeyPath(directory), QStringLiteral("not a private key")};
    if (ssh_bind_options_set(bind, SSH_BIND_OPTIONS_IMPORT_KEY, key) != SSH_OK) { // takes it on success
        ssh_key_free(key);
        return Error{EINVAL, SandboxDisk::hostKeyPath(directory), QStringLiteral("unusable host key")};
    }
    return Done{};
}

} // namespace

SandboxSshServer::SandboxSshServer(Limits limits)
    : m_limits(limits)
{
    ssh_init();
    m_spareFd = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
    if (::pipe2(m_wakeFds, O_CLOEXEC | O_NONBLOCK) != 0)
        spdlog::critical("sandbox SSH server: cannot create its wake-up pipe");
    m_acceptThread = std::thread([this] { acceptLoop(); });
}

SandboxSshServer::~SandboxSshServer()
{
    m_stopping = true;
    wake();
    if (m_acceptThread.joinable())
        m_acceptThread.join();
    std::vector<std::shared_ptr<Connection>> all;
    {
        std::lock_guard lock(m_mutex);
        m_endpoints.clear();
        all.assign(m_connections.begin(), m_connections.end());
    }
    endConnections(all);
    ::close(m_wakeFds[0]);
    ::close(m_wakeFds[1]);
    ::close(m_spareFd);
}

void SandboxSshServer::wake()
{
    const char byte = 1;
    [[maybe_unused]] const auto written = ::write(m_wakeFds[1], &byte, 1);
}

void SandboxSshServer::connectionFinished()
{
    std::lock_guard lock(m_mutex); // so that a waiter cannot miss it between its check and its wait
    m_finished.notify_all();
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
    if (auto key = useHostKey(endpoint->bind, spec.directory); !key)
        return key.error();
    if (ssh_bind_options_set(endpoint->bind, SSH_BIND_OPTIONS_BANNER, "Clonedeck-sandbox") != SSH_OK)
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
    std::shared_ptr<SandboxVmInitHolder> init;
    {
        std::lock_guard lock(m_mutex);
        if (const auto it = m_endpoints.find(domid); it != m_endpoints.end())
            init = it->second->init;
        m_endpoints.erase(domid); // closes the listener once the accept loop lets go of it
        for (const auto &connection : m_connections) {
            if (connectionDomid(*connection) == domid)
                sessions.push_back(connection);
        }
    }
    wake();
    endConnections(sessions);
    if (init)
        init->reset(); // whatever the sessions left in the VM ends with its init
    return Done{};
}

void SandboxSshServer::endConnections(const std::vector<std::shared_ptr<Connection>> &connections)
{
    for (const auto &connection : connections)
        requestStop(*connection);
    // Each ends its command (TERM, KILL after 1 s) and its thread; one still running after the
    // deadline gets its processes killed, and is still waited for: never destroyed running.
    const auto allFinished = [&] {
        return std::all_of(connections.begin(), connections.end(),
                           [](const auto &c) { return isFinished(*c); });
    };
    std::unique_lock lock(m_mutex);
    if (!m_finished.wait_for(lock, std::chrono::seconds(5), allFinished)) {
        for (const auto &connection : connections)
            killProcesses(*connection);
        m_finished.wait(lock, allFinished);
    }
    lock.unlock();
    reapFinished(); // joins each thread exactly once, here or in the accept loop
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

std::map<int, std::vector<pid_t>> SandboxSshServer::commandPids() const
{
    std::map<int, std::vector<pid_t>> pids;
    std::lock_guard lock(m_mutex);
    for (const auto &connection : m_connections) {
        const pid_t pid = commandPid(*connection);
        if (pid <= 0)
            continue;
        std::vector<pid_t> &roots = pids[connectionDomid(*connection)];
        if (std::count(roots.begin(), roots.end(), pid) == 0) // confined, sessions share the VM's init
            roots.push_back(pid);
    }
    return pids;
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

void SandboxSshServer::refuseWithoutDescriptors(const Endpoint &endpoint)
{
    // Out of file descriptors: the pending connection would keep the listener readable and the
    // accept loop spinning. A descriptor kept in reserve lets it be accepted and closed.
    ::close(m_spareFd);
    const int client = ::accept4(endpoint.listenFd, nullptr, nullptr, SOCK_CLOEXEC);
    if (client >= 0)
        ::close(client);
    m_spareFd = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
    ++m_refused;
    spdlog::warn("sandbox VM {}: out of file descriptors; refusing a connection", endpoint.spec.domid);
}

bool SandboxSshServer::admits()
{
    std::lock_guard lock(m_mutex);
    const auto unauthenticated = std::count_if(m_connections.begin(), m_connections.end(), [](const auto &c) {
        return !isFinished(*c) && !isAuthenticated(*c);
    });
    return int(m_connections.size()) < m_limits.total && unauthenticated < m_limits.unauthenticated;
}

void SandboxSshServer::accept(const Endpoint &endpoint)
{
    while (!m_stopping) {
        // Non-blocking: libssh writes only after poll() said it may, and a client that stops
        // reading must never block this connection's thread in send().
        const int client = ::accept4(endpoint.listenFd, nullptr, nullptr, SOCK_CLOEXEC | SOCK_NONBLOCK);
        if (client < 0) {
            if (errno == EMFILE || errno == ENFILE)
                refuseWithoutDescriptors(endpoint);
            return;
        }
        reapFinished();
        if (!admits()) {
            ::close(client); // refused at once, before any byte of SSH
            if (++m_refused % 100 == 1)
                spdlog::warn("sandbox VM {}: too many connections; refusing ({} so far)", endpoint.spec.domid,
                             int(m_refused));
            continue;
        }
        ssh_session session = ssh_new();
        if (!session || ssh_bind_accept_fd(endpoint.bind, session, client) != SSH_OK) {
            spdlog::warn("sandbox VM {}: cannot accept an SSH connection: {}", endpoint.spec.domid,
                         ssh_get_error(endpoint.bind));
            const bool owned = session && ssh_get_fd(session) == client;
            ssh_free(session); // closes the fd once libssh has taken it
            if (!owned)
                ::close(client);
            continue;
        }
        auto connection =
            startConnection(session, endpoint.spec, endpoint.init, [this] { connectionFinished(); });
        if (!connection) {
            ++m_refused;
            ssh_free(session);
            continue;
        }
        std::lock_guard lock(m_mutex);
        m_connections.push_back(connection);
    }
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
            if (fds[i].revents & POLLIN)
                accept(*endpoints[i - 1]);
        }
        reapFinished();
    }
}

} // namespace clonedeck
