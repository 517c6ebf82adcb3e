#include "SandboxSpawn.h"

#include "SandboxVmView.h"

#include <QFile>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <sched.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

namespace clonedeck {

namespace {

constexpr size_t kChildStack = 256 * 1024;
constexpr int kStepDirectory = 1000;
constexpr int kStepExec = 1001;

// Everything the child reads, prepared before clone(); it writes back only failedStep/failedErrno,
// which the parent reads once clone() has returned (CLONE_VFORK: the child has exec'd or exited).
struct ChildContext
{
    const SandboxSpawnRequest *request;
    pid_t parent;
    int failedStep;
    int failedErrno;
};

[[noreturn]] __attribute__((no_sanitize("address"))) void fail(ChildContext *c, int step) noexcept
{
    c->failedErrno = errno;
    c->failedStep = step;
    ::_exit(126);
}

__attribute__((no_sanitize("address"))) int runChild(void *arg) noexcept
{
    auto *c = static_cast<ChildContext *>(arg);
    const SandboxSpawnRequest &r = *c->request;
    ::setsid(); // its own session and process group: ending it ends all of it
    if (const int step = r.view->apply(); step != 0)
        fail(c, step);
    if (r.dieWithThread) {
        // After the uid change, which clears it; and only checkable outside a PID namespace.
        ::prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (!r.view->hasOwnPidNamespace() && ::getppid() != c->parent)
            ::_exit(127);
    }
    ::prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0); // no set-uid program lifts a VM above its own uid
    for (int fd = 0; fd < 4; ++fd) {
        if (r.fds[fd] >= 0)
            ::dup2(r.fds[fd], fd);
    }
    ::close_range(r.fds[3] >= 0 ? 4 : 3, ~0U, CLOSE_RANGE_CLOEXEC); // nothing else of the daemon
    ::signal(SIGPIPE, SIG_DFL);
    sigset_t none;
    sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);
    if (::chdir(r.directory) != 0)
        fail(c, kStepDirectory);
    ::execve(r.argv[0], r.argv, r.envp);
    fail(c, kStepExec);
}

} // namespace

int liftedDescriptor(int fd)
{
    const int moved = ::fcntl(fd, F_DUPFD_CLOEXEC, 10);
    ::close(fd);
    return moved;
}

Result<SandboxSpawned> spawnInView(const SandboxSpawnRequest &request, const QString &vmDirectory)
{
    ChildContext context{&request, ::getpid(), 0, 0};
    void *stack =
        ::mmap(nullptr, kChildStack, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
    if (stack == MAP_FAILED)
        return Error{errno, vmDirectory, QStringLiteral("cannot start a process for the VM")};
    SandboxSpawned spawned;
    spawned.pid = ::clone(runChild, static_cast<char *>(stack) + kChildStack,
                          CLONE_VM | CLONE_VFORK | CLONE_PIDFD | SIGCHLD | request.view->cloneFlags(),
                          &context, &spawned.pidfd);
    const int cloneError = errno;
    ::munmap(stack, kChildStack);
    if (spawned.pid < 0)
        return Error{cloneError, vmDirectory, QStringLiteral("cannot start a process for the VM")};
    if (context.failedStep == 0)
        return spawned;
    ::kill(spawned.pid, SIGKILL);
    while (::waitpid(spawned.pid, nullptr, 0) < 0 && errno == EINTR) {
    }
    ::close(spawned.pidfd);
    const QString step = context.failedStep == kStepDirectory ? QStringLiteral("enter the VM's directory")
                         : context.failedStep == kStepExec
                             ? QStringLiteral("run ") + QString::fromLocal8Bit(request.argv[0])
                             : request.view->describeStep(context.failedStep);
    return Error{context.failedErrno, vmDirectory,
                 QStringLiteral("cannot confine the command (%1: %2)")
                     .arg(step, QString::fromLocal8Bit(strerror(context.failedErrno)))};
}

} // namespace clonedeck
