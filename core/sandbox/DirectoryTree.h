#pragma once

// Copies and re-owns a directory tree that another user controls (a sandbox VM's disk,
// possibly while the VM runs), without ever following a symlink: every step is openat()
// relative to an already opened directory with O_NOFOLLOW, so swapping a directory for a
// symlink mid-copy cannot lead the copy (run as root) to the platform's keys.
#include "Error.h"

#include <QString>

#include <sys/types.h>

namespace clonedeck {

class DirectoryTree
{
public:
    static constexpr int kMaxDepth = 64; // a VM cannot make the daemon recurse without end

    // Creates `target` (must not exist) as a copy of `source`: directories, regular files and
    // symlinks (as symlinks); FIFOs, sockets and devices are left out. Modes keep their
    // permission bits only (no set-uid); a failed copy leaves nothing behind.
    static Status copy(const QString &source, const QString &target);
    // Gives `root` and everything below it to uid:gid, symlinks themselves included.
    static Status changeOwner(const QString &root, uid_t uid, gid_t gid);
};

} // namespace clonedeck
