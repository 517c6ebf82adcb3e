#pragma once

// How this process authenticates to remote hosts and checks their keys, as OpenSSH would:
// ssh-agent first, then the identity files (or ~/.ssh/id_* when none are given); the host
// key against known_hosts. An unknown host is refused with its fingerprint unless the
// operator accepted exactly that fingerprint (then it is added to known_hosts); a changed
// key is always refused. Nothing here is ever accepted silently.
#include <QString>
#include <QStringList>

namespace clonedeck {

struct SshHostOptions
{
    QStringList identityFiles;    // tried after the agent; empty: libssh's defaults (~/.ssh/id_*)
    bool useSshAgent = true;      // if SSH_AUTH_SOCK is set
    bool useSshConfig = true;     // ~/.ssh/config and /etc/ssh/ssh_config (libssh's subset)
    QString knownHostsFile;       // empty: ~/.ssh/known_hosts
    QString acceptHostKey;        // "SHA256:...": the unknown host key the operator accepted, once
    int connectTimeoutMs = 15000; // TCP connect, SSH handshake, authentication, channel open
    int keepaliveSeconds = 15;    // TCP keepalive on the host connection; 0: off
    // A hung host (a stopped sshd, a frozen machine behind a live network) still acknowledges
    // TCP, so TCP keepalive never notices it: while a channel is open, a keepalive@openssh.com
    // request goes out every interval, and after this many intervals in a row with nothing
    // received the connection is dropped as unreachable (default: noticed in 6-8 s). 0: off.
    int sshKeepaliveIntervalMs = 2000;
    int sshKeepaliveMisses = 3;
};

} // namespace clonedeck
