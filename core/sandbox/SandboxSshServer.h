#pragma once

// Serves SSH for sandbox VMs with libssh's server API: one listening socket per
// VM on the VM's own loopback address, public-key authentication against the
// VM's authorized_keys, and `exec` requests run as `/bin/sh -c CMD` in the VM's
// directory, in a process group of their own that ends with the session. One
// accept thread for all VMs; one thread per live connection.
#include "Error.h"

#include <QProcessEnvironment>
#include <QString>

#include <atomic>
#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <thread>

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
};

class SandboxSshServer
{
public:
    SandboxSshServer();
    ~SandboxSshServer();
    SandboxSshServer(const SandboxSshServer &) = delete;
    SandboxSshServer &operator=(const SandboxSshServer &) = delete;

    Result<quint16> addEndpoint(const SandboxEndpointSpec &spec);
    // Closes the listener and every session of the VM and ends all its processes; returns when none is left.
    Status removeEndpoint(int domid);
    int activeSessionCount(int domid) const;

    struct Connection; // one client connection, served on its own thread

private:
    struct Endpoint;
    void acceptLoop();
    void wake();
    void reapFinished();

    mutable std::mutex m_mutex;
    std::map<int, std::shared_ptr<Endpoint>> m_endpoints;
    std::list<std::shared_ptr<Connection>> m_connections;
    std::thread m_acceptThread;
    std::atomic<bool> m_stopping{false};
    int m_wakeFds[2] = {-1, -1};
};

} // namespace clonedeck
