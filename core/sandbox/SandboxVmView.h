#pragma once

// What one command of a sandbox VM sees of the host, per SandboxConfinement: the run
// directory (for a VM with a uid of its own: the highest directory on the way to it that
// the VM may not enter) covered by an empty read-only tmpfs into which only the VM's own
// directory and its xenstore endpoint are bound, a /proc of its own PID namespace, and (as
// root) the VM's own uid/gid. Everything is prepared in the parent (paths, steps, uid maps) so that the
// child, between clone() and exec, only makes system calls: no allocation, no locks, and no
// glibc set*id wrappers, which would signal the parent's other threads.
#include "Error.h"
#include "SandboxConfinement.h"

#include <string>
#include <vector>

namespace clonedeck {

class SandboxVmView
{
public:
    // `xenstoreSocket` may be missing (no bridge yet): it is then simply not bound.
    static Result<SandboxVmView> prepare(const SandboxConfinement &confinement, int domid,
                                         const QString &vmDirectory, const QString &xenstoreSocket);

    int cloneFlags() const { return m_cloneFlags; }
    bool hasOwnPidNamespace() const;

    // In the child, before exec. Returns 0, or the number of the step that failed (errno set);
    // describeStep() names it for the log.
    int apply() const noexcept;
    QString describeStep(int step) const;

private:
    // What is bound into the view is opened in the child, in its new mount namespace (a
    // bind's source must belong to the caller's namespace), at these descriptor numbers:
    // above stdio and the status pipe (3), below the pipes SandboxCommand lifts to 10 and up.
    static constexpr int kFirstExposureFd = 4;

    enum class Op
    {
        WriteProcFile,
        MakePrivate,
        OpenPath,
        MountTmpfs,
        MakeDirectory,
        MakeFile,
        BindFd,
        ReadOnly,
        MountProc
    };
    struct Step
    {
        Op op;
        std::string target;
        std::string data; // file content, tmpfs options, or the /proc/self/fd path to bind
        int mode = 0;     // of what is created; for OpenPath, the descriptor number to open it as
    };
    void addExposure(const QString &path, bool directory);

    std::vector<Step> m_steps;
    int m_cloneFlags = 0;
    bool m_dropPrivileges = false;
    uid_t m_uid = 0;
    gid_t m_gid = 0;
    std::string m_cover; // the hidden directory (the run directory)
};

} // namespace clonedeck
