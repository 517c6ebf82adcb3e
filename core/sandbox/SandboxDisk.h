#pragma once

// The disk of a sandbox VM: a directory tree. Its SSH host key lives inside it
// (.clonedeck/ssh_host_ed25519_key), as /etc/ssh does in a real VM, so a clone
// (a copy of the tree) presents its master's host key; .ssh/authorized_keys
// says who may log in. The VM owns its tree (as its own uid when confined by
// uid), so the daemon reads it without following symlinks and copies it with
// DirectoryTree.
#include "Error.h"

#include <QString>

#include <sys/types.h>

namespace clonedeck {

class SandboxDisk
{
public:
    // A new master disk: host key, authorized_keys with the platform's key, and the demo agent.
    static Status createMaster(const QString &dir, const QByteArray &authorizedPublicKey);
    // Copies the master's tree as it is now; a failed copy leaves nothing behind.
    static Status cloneFrom(const QString &masterDir, const QString &cloneDir);
    static Status remove(const QString &dir);
    // Makes the tree the VM's own (mode 0700 at the top) before any of its commands run.
    static Status giveTo(const QString &dir, uid_t uid, gid_t gid);
    static QString hostKeyPath(const QString &dir);
    static QString authorizedKeysPath(const QString &dir);
    static Result<QByteArray> readHostKey(const QString &dir);
    static Result<QByteArray> readAuthorizedKeys(const QString &dir);
    static Result<QString> hostKeyFingerprint(const QString &dir); // SHA256:..., as OpenSSH prints it
};

// The platform's client key pair (ed25519), created once: <clientDir>/id_ed25519 and .pub,
// in a directory private to this user. Refuses (never follows) a symlink or anything but a
// regular file where either key goes. Returns the public key as an authorized_keys line.
Result<QByteArray> ensureClientKeyPair(const QString &clientDir);

} // namespace clonedeck
