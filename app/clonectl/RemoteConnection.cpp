#include "RemoteConnection.h"

#include "ConnectionUri.h"
#include "ExitCode.h"
#include "SshHost.h"
#include "SshHostPool.h"
#include "UnixSocketRelay.h"

#include <unistd.h>

namespace clonedeck::cli {

RemoteConnection::RemoteConnection() = default;
RemoteConnection::~RemoteConnection() = default;

std::unique_ptr<RemoteConnection> RemoteConnection::open(GlobalOptions &options, QTextStream &err,
                                                         int *exitCode)
{
    *exitCode = Success;
    if (options.connect.isEmpty())
        options.connect = qEnvironmentVariable("CLONEDECK_CONNECT");
    if (options.connect.isEmpty())
        return nullptr;
    Result<ConnectionUri> uri = ConnectionUri::parse(options.connect);
    if (!uri) {
        err << "clonectl: --connect: " << uri.error().toString() << Qt::endl;
        *exitCode = Usage;
        return nullptr;
    }
    if (uri->scheme == ConnectionUri::Unix) {
        options.socketPath = uri->path;
        return nullptr;
    }
    Result<QString> relayPath = UnixSocketRelay::makePrivateSocketPath();
    if (!relayPath) {
        err << "clonectl: " << relayPath.error().toString() << Qt::endl;
        *exitCode = Failure;
        return nullptr;
    }
    // Before the host's thread starts: libxenstore reads it at every xs_open.
    qputenv("XENSTORED_PATH", relayPath->toLocal8Bit());
    options.socketPath = *relayPath;

    std::unique_ptr<RemoteConnection> connection(new RemoteConnection);
    connection->m_hosts = std::make_unique<SshHostPool>(options.ssh);
    std::shared_ptr<SshHost> host = connection->m_hosts->host(*uri);
    // One stream to the remote socket, at once: every refusal (host key, authentication, no
    // sshd, no xenstored there) is reported here, before a verb starts.
    Result<int> probe = host->openUnixStream(uri->path);
    if (!probe) {
        err << "clonectl: cannot reach the platform at " << uri->toString() << ": " << probe.error().message
            << Qt::endl;
        if (probe.error().code == EKEYREJECTED &&
            probe.error().message.contains(QLatin1String("unknown host key")))
            err << "  If that is the host's key, accept it once with --accept-host-key FINGERPRINT.\n";
        *exitCode = Unreachable;
        return nullptr;
    }
    ::close(*probe);
    auto relay = UnixSocketRelay::start(*relayPath, host, uri->path);
    if (!relay) {
        err << "clonectl: " << relay.error().toString() << Qt::endl;
        *exitCode = Failure;
        return nullptr;
    }
    connection->m_relay = std::move(relay).value();
    options.clonesVia = host;
    return connection;
}

} // namespace clonedeck::cli
