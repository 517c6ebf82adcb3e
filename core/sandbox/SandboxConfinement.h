#pragma once

// How sandbox VM processes are kept from the platform's secrets and from each other
// (docs/security.md, "Sandbox VMs"). Every SSH command of a VM runs in a mount and PID
// namespace of its own, where the run directory is an empty read-only tmpfs holding only
// the VM's own directory and its xenstore endpoint, and /proc shows only that command's
// processes. As root each VM also runs as a uid/gid of its own (`uidBase + domid`), so file
// permissions and ptrace checks stand between VMs and the daemon's files even outside the
// mount view; otherwise the namespaces sit inside a user namespace of the daemon's uid.
#include "Error.h"

#include <QString>

#include <sys/types.h>

namespace clonedeck {

enum class SandboxConfinementMode
{
    None,          // ordinary processes of the daemon's user (explicit opt-out only)
    SeparateUsers, // root: namespaces + a uid/gid per VM
    Namespaces,    // not root: user + mount + PID namespaces, the daemon's own uid
};

struct SandboxConfinement
{
    // 0x70000000: above the UID ranges systemd hands to containers and dynamic users.
    static constexpr uid_t kDefaultUidBase = 0x70000000;

    SandboxConfinementMode mode = SandboxConfinementMode::None;
    uid_t uidBase = kDefaultUidBase;
    QString runDir;     // hidden from every VM
    QString initHelper; // clonedeck-vm-init: pid 1 of each command's PID namespace

    // `requested`: "auto" (SeparateUsers as root, else Namespaces), "uid", "namespaces" or "none".
    // Finds the init helper and checks the kernel lets this process make the namespaces.
    static Result<SandboxConfinement> choose(const QString &requested, uid_t uidBase, const QString &runDir);
    static QString findInitHelper();

    bool confines() const { return mode != SandboxConfinementMode::None; }
    uid_t uidFor(int domid) const;
    gid_t gidFor(int domid) const { return gid_t(uidFor(domid)); }
    QString describe() const;
};

} // namespace clonedeck
