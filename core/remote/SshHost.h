#pragma once

// One remote host reached over stock OpenSSH, as virt-manager reaches libvirt with
// qemu+ssh://: ONE SSH connection per host, on a thread of its own (SshHostLink), shared by
// everything this process does there — its xenstored (direct-streamlocal to the socket)
// and its clones' sshd (direct-tcpip to sshHost:sshPort as the host sees them), so this
// machine never needs a route to a clone. Every stream it hands out is a plain local
// socket, so XenstoreClient, libxenstore and SshConnection use it unchanged.
// Thread-safe. The blocking calls wait at most the options' connectTimeoutMs and are for
// worker threads and command-line set-up, never for a GUI thread.
#include "ConnectionUri.h"
#include "Error.h"
#include "SshHostOptions.h"
#include "TcpTunnel.h"

#include <QThread>

namespace clonedeck {

class SshHostLink;
struct ChannelTarget;

class SshHost : public TcpTunnel
{
public:
    // endpoint: an ssh:// URI (its path is not used here).
    SshHost(ConnectionUri endpoint, SshHostOptions options);
    ~SshHost() override;
    SshHost(const SshHost &) = delete;
    SshHost &operator=(const SshHost &) = delete;

    const ConnectionUri &endpoint() const { return m_endpoint; }
    // The unknown host key the operator has just accepted (its "SHA256:..." fingerprint), for
    // the next connection attempt only; it is then in known_hosts.
    void acceptHostKey(const QString &fingerprint);

    // Connects (or finds the connection up). Blocking, with the deadline.
    Status connect();
    // A local stream to the unix socket remotePath on the host, once the channel is open. Blocking.
    Result<int> openUnixStream(const QString &remotePath);

    // Serves listenFd (a listening unix socket; ownership taken) on the host's thread: each
    // connection accepted there is bridged to remotePath on the host.
    void serveUnixSocket(int listenFd, const QString &remotePath);

    // TcpTunnel: a stream to host:port as the remote host sees it. Returns at once.
    Result<int> openTcpStream(const QString &host, quint16 port) override;
    QString description() const override;
    QStringList identityFiles() const override { return m_identityFiles; }

private:
    template<typename Call>
    void post(Call call);
    Status waitFor(const ChannelTarget *target, int localFd);

    ConnectionUri m_endpoint;
    int m_timeoutMs;
    QStringList m_identityFiles;
    QThread m_thread;
    SshHostLink *m_link;
};

} // namespace clonedeck
