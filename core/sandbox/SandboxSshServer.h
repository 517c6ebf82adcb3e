#pragma once

// Serves SSH for sandbox VMs with libssh's server API: one listening socket per
// VM on the VM's own loopback address, public-key authentication against the
// VM's authorized_keys and the platform's operator keys, and `exec` requests run as `/bin/sh -c CMD` in the
// VM's directory, confined (SandboxConfinement), ending with the session. One accept thread for all VMs; one
// thread per live connection, up to Limits: beyond them a connection is closed at once, and so is one whose
// thread cannot be created.
#include "Error.h"
#include "SandboxConfinement.h"

#include <QProcessEnvironment>
#include <QString>

#include <atomic>
#include <condition_variable>
#include <functional>
#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace clonedeck {

struct SandboxEndpointSpec
{
    int domid = 0;
    int vmid = 0;
    QString ticket;
    QString directory;          // cwd and HOME of every command
    QString address;            // loopback IPv4
    quint16 preferredPort = 22; // tried first
    quint16 fallbackPort = 2222;
    QProcessEnvironment extraEnvironment; // XENSTORED_PATH, PATH, ...
    SandboxConfinement confinement;
    QString xenstoreSocket; // the VM's own xenstore endpoint, bound into its view when it exists
    // Makes xenstoreSocket exist, called (on the session's thread) before each command; a failure
    // refuses the command. Empty: the socket exists already, or the VM has none.
    std::function<Status()> openXenstoreEndpoint;
    // The platform's operator keys (authorized_keys format), accepted besides the VM's own
    // authorized_keys; read at each authentication. Empty: none.
    QString operatorKeysFile;
};

class SandboxSshServer
{
public:
    struct Limits
    {
        // Connections that have not authenticated yet (idle ones end after the 15 s key exchange
        // and 30 s setup deadlines), and all of them. A 200-agent fan-out opens 200 at once.
        int unauthenticated = 256;
        int total = 1024;
    };

    explicit SandboxSshServer(Limits limits);
    SandboxSshServer()
        : SandboxSshServer(Limits{})
    {}
    // Ends every connection and joins every thread; never leaves one running.
    ~SandboxSshServer();
    SandboxSshServer(const SandboxSshServer &) = delete;
    SandboxSshServer &operator=(const SandboxSshServer &) = delete;

    Result<quint16> addEndpoint(const SandboxEndpointSpec &spec);
    // Closes the listener and every session of the VM and ends all its processes; returns when none is left.
    Status removeEndpoint(int domid);
    int activeSessionCount(int domid) const;
    // domid -> the roots of what the VM runs while it runs a command: its init (confined), or each
    // unconfined command's pid.
    std::map<int, std::vector<pid_t>> commandPids() const;
    int refusedConnections() const { return m_refused; }

    struct Connection; // one client connection, served on its own thread

private:
    struct Endpoint;
    void acceptLoop();
    // Takes what is pending on one listener; closes at once what the limits do not admit.
    void accept(const Endpoint &endpoint);
    void refuseWithoutDescriptors(const Endpoint &endpoint);
    bool admits();
    void wake(); // interrupts the accept loop's poll
    // Joins the threads of finished connections and forgets them.
    void reapFinished();
    void connectionFinished();
    // Stops them and waits for every one of their threads (SIGKILL to their commands after 5 s).
    void endConnections(const std::vector<std::shared_ptr<Connection>> &connections);

    const Limits m_limits;
    std::atomic<int> m_refused{0};
    mutable std::mutex m_mutex;
    std::condition_variable m_finished; // a connection's thread is about to end
    std::map<int, std::shared_ptr<Endpoint>> m_endpoints;
    std::list<std::shared_ptr<Connection>> m_connections;
    std::thread m_acceptThread;
    std::atomic<bool> m_stopping{false};
    int m_wakeFds[2] = {-1, -1};
    int m_spareFd = -1; // kept in reserve to refuse a connection when descriptors run out
};

} // namespace clonedeck
