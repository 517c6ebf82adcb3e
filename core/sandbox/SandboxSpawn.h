#pragma once

// Starts one program for a sandbox VM from a thread of clonedeckd, inside the view
// SandboxVmView prepared (its namespaces, mounts and uid; or none, unconfined), with
// clone(CLONE_VM | CLONE_VFORK): the child shares the daemon's memory until it execs, so no
// page table of clonedeckd is copied (that copy dominated a 200-agent fan-out, perf: dup_mmap),
// and between clone() and exec it only makes system calls. Used for a confined VM's one
// long-lived init (SandboxVmInit) and for the commands of an unconfined VM.
#include "Error.h"

#include <sys/types.h>

namespace clonedeck {

class SandboxVmView;

struct SandboxSpawnRequest
{
    const SandboxVmView *view = nullptr;
    int fds[4] = {-1, -1, -1, -1}; // become the child's 0, 1, 2 and 3 (-1: fd 3 is not given)
    const char *directory = nullptr;
    char *const *argv = nullptr; // argv[0] is the program's path
    char *const *envp = nullptr;
    // PR_SET_PDEATHSIG: it is killed when the calling *thread* ends. Not for a VM's init, which
    // outlives the session that started it and ends when clonedeckd closes its socket.
    bool dieWithThread = true;
};

struct SandboxSpawned
{
    pid_t pid = -1;
    int pidfd = -1; // readable when it ends
};

Result<SandboxSpawned> spawnInView(const SandboxSpawnRequest &request, const QString &vmDirectory);

// Moves `fd` to a number of at least 10, close-on-exec, so that dup2() onto 0..3 in a child never
// clobbers another source.
int liftedDescriptor(int fd);

} // namespace clonedeck
