#pragma once

// The remote hosts of one process, so that everything it does on a host shares ONE SSH
// connection (the console's platform connection, its agents' tunnels, clonectl's relay).
// Owned by the composition root (ConsoleCore, clonectl's main); thread-safe. A host lives
// while anyone holds it.
#include "ConnectionUri.h"
#include "SshHostOptions.h"

#include <QHash>
#include <QMutex>

#include <memory>

namespace clonedeck {

class SshHost;

class SshHostPool
{
public:
    explicit SshHostPool(SshHostOptions options = {});
    ~SshHostPool();

    // The host of an ssh:// URI (same user, host and port: the same connection); null for unix://.
    std::shared_ptr<SshHost> host(const ConnectionUri &uri);
    const SshHostOptions &options() const { return m_options; }

private:
    SshHostOptions m_options;
    QMutex m_mutex;
    QHash<QString, std::weak_ptr<SshHost>> m_hosts; // by "user@host:port"
};

} // namespace clonedeck
