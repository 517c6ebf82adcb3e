#pragma once

// The disk of a sandbox VM: a directory tree. Its SSH host key lives inside it
// (.clonedeck/ssh_host_ed25519_key), as /etc/ssh does in a real VM, so a clone
// (a copy of the tree) presents its master's host key; .ssh/authorized_keys
// says who may log in.
#include "Error.h"

#include <QString>

namespace clonedeck {

class SandboxDisk
{
public:
    // A new master disk: host key, authorized_keys with the platform's key, and the demo agent.
    static Status createMaster(const QString &dir, const QByteArray &authorizedPublicKey);
    // Copies the master's tree as it is now; a failed copy leaves nothing behind.
    static Status cloneFrom(const QString &masterDir, const QString &cloneDir);
    static Status remove(const QString &dir);
    static QString hostKeyPath(const QString &dir);
    static QString authorizedKeysPath(const QString &dir);
    static Result<QString> hostKeyFingerprint(const QString &dir); // SHA256:..., as OpenSSH prints it
};

// The platform's client key pair (ed25519), created once: <clientDir>/id_ed25519 and .pub.
// Returns the public key as an OpenSSH authorized_keys line.
Result<QByteArray> ensureClientKeyPair(const QString &clientDir);

} // namespace clonedeck
