#include "SandboxCommand.h"

#include "SandboxVmView.h"

#include <QFile>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

namespace clonedeck {

namespace {

constexpr int32_t kSetupFailed = INT32_MIN; // first word of a report written before exec
constexpr size_t kChildStack = 256 * 1024;

// Everything the child reads, prepared before clone(): afterwards it only makes system calls.
struct ChildContext
{
    const SandboxVmView *view;
    int stdio[3];
    int status;
    const char *directory;
    const char *program;
    char *const *argv;
    char *const *envp;
    pid_t parent;
    bool viaInit; // the init helper reports the status on fd 3; a bare shell has no fd 3
};

[[noreturn]] __attribute__((no_sanitize("address"))) void failSetup(int statusFd, int step) noexcept
{
    const int32_t report[3] = {kSetupFailed, step, errno};
    [[maybe_unused]] const ssize_t written = ::write(statusFd, report, sizeof report);
    ::_exit(126);
}

// Runs in the child, which shares the daemon's memory until it execs (CLONE_VM | CLONE_VFORK:
// copying the daemon's page tables per command dominated a 200-agent fan-out, perf: dup_mmap).
__attribute__((no_sanitize("address"))) int runChild(void *arg) noexcept
{
    const auto *c = static_cast<const ChildContext *>(arg);
    ::setsid(); // its own session and process group: ending the command ends all of it
    if (const int step = c->view->apply(); step != 0)
        failSetup(c->status, step);
    // After the uid change, which clears it; and only checkable outside a PID namespace.
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (!c->view->hasOwnPidNamespace() && ::getppid() != c->parent)
        ::_exit(127);
    ::prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0); // no set-uid program lifts a VM above its own uid
    for (int fd = 0; fd < 3; ++fd)
        ::dup2(c->stdio[fd], fd);
    if (c->viaInit)
        ::dup2(c->status, 3);
    ::close_range(4, ~0U, CLOSE_RANGE_CLOEXEC); // nothing else of the daemon reaches the VM
    ::signal(SIGPIPE, SIG_DFL);
    sigset_t none;
    sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);
    const int statusFd = c->viaInit ? 3 : c->status;
    if (::chdir(c->directory) != 0)
        failSetup(statusFd, 1000);
    ::execve(c->program, c->argv, c->envp);
    failSetup(statusFd, 1001);
}

// Above 0..3 and CLOEXEC, so that dup2() onto 0..3 in the child never clobbers another source.
int lifted(int fd)
{
    const int moved = ::fcntl(fd, F_DUPFD_CLOEXEC, 10);
    ::close(fd);
    return moved;
}

std::vector<std::string> environmentFor(const SandboxEndpointSpec &spec,
                                        const std::vector<std::string> &clientEnvironment)
{
    const std::string user = spec.confinement.mode == SandboxConfinementMode::SeparateUsers
                                 ? "vm" + std::to_string(spec.domid)
                                 : qEnvironmentVariable("USER", QStringLiteral("root")).toStdString();
    std::vector<std::string> env{"HOME=" + QFile::encodeName(spec.directory).toStdString(),
                                 "USER=" + user,
                                 "LOGNAME=" + user,
                                 "SHELL=/bin/sh",
                                 "PATH=/usr/local/bin:/usr/bin:/bin",
                                 "CLONEDECK_DOMID=" + std::to_string(spec.domid),
                                 "CLONEDECK_VMID=" + std::to_string(spec.vmid),
                                 "CLONEDECK_TICKET=" + spec.ticket.toStdString()};
    for (const QString &key : spec.extraEnvironment.keys()) {
        const std::string prefix = key.toStdString() + "=";
        const std::string entry = prefix + spec.extraEnvironment.value(key).toStdString();
        auto existing = std::find_if(env.begin(), env.end(),
                                     [&](const std::string &e) { return e.rfind(prefix, 0) == 0; });
        if (existing != env.end())
            *existing = entry;
        else
            env.push_back(entry);
    }
    env.insert(env.end(), clientEnvironment.begin(), clientEnvironment.end());
    return env;
}

} // namespace

SandboxCommand::SandboxCommand(SandboxCommand &&other) noexcept
{
    *this = std::move(other);
}

SandboxCommand &SandboxCommand::operator=(SandboxCommand &&other) noexcept
{
    if (this != &other) {
        closeAll();
        m_pid = std::exchange(other.m_pid, -1);
        m_pidfd = std::exchange(other.m_pidfd, -1);
        m_stdin = std::exchange(other.m_stdin, -1);
        m_stdout = std::exchange(other.m_stdout, -1);
        m_stderr = std::exchange(other.m_stderr, -1);
        m_status = std::exchange(other.m_status, -1);
    }
    return *this;
}

SandboxCommand::~SandboxCommand()
{
    end(0);
    closeAll();
}

void SandboxCommand::closeAll()
{
    for (int *fd : {&m_pidfd, &m_stdin, &m_stdout, &m_stderr, &m_status}) {
        if (*fd >= 0)
            ::close(*fd);
        *fd = -1;
    }
}

Result<SandboxCommand> SandboxCommand::start(const SandboxEndpointSpec &spec, const std::string &command,
                                             const std::vector<std::string> &clientEnvironment)
{
    auto view = SandboxVmView::prepare(spec.confinement, spec.domid, spec.directory, spec.xenstoreSocket);
    if (!view)
        return view.error();
    int in[2], out[2], err[2], status[2];
    int *pipes[] = {in, out, err, status};
    for (int i = 0; i < 4; ++i) {
        if (::pipe2(pipes[i], O_CLOEXEC) != 0) {
            const int code = errno;
            for (int j = 0; j < i; ++j)
                ::close(pipes[j][0]), ::close(pipes[j][1]);
            return Error{code, spec.directory, QStringLiteral("cannot create the command's pipes")};
        }
        pipes[i][0] = lifted(pipes[i][0]);
        pipes[i][1] = lifted(pipes[i][1]);
    }
    std::vector<std::string> env = environmentFor(spec, clientEnvironment);
    std::vector<char *> envp;
    for (std::string &entry : env)
        envp.push_back(entry.data());
    envp.push_back(nullptr);
    // Confined, the init helper is pid 1 of the command's PID namespace; unconfined (an explicit
    // opt-out), the shell runs bare, as a process group of its own.
    const bool viaInit = view->hasOwnPidNamespace();
    std::string init = QFile::encodeName(spec.confinement.initHelper).toStdString();
    std::string shell = "/bin/sh", dashC = "-c", text = command;
    char *argv[] = {init.data(), shell.data(), dashC.data(), text.data(), nullptr};
    char *const *program = viaInit ? argv : argv + 1;
    const QByteArray directory = QFile::encodeName(spec.directory);
    const ChildContext context{&*view,      {in[0], out[1], err[1]},
                               status[1],   directory.constData(),
                               program[0],  program,
                               envp.data(), ::getpid(),
                               viaInit};

    void *stack =
        ::mmap(nullptr, kChildStack, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
    int pidfd = -1;
    const pid_t pid = stack == MAP_FAILED
                          ? -1
                          : ::clone(runChild, static_cast<char *>(stack) + kChildStack,
                                    CLONE_VM | CLONE_VFORK | CLONE_PIDFD | SIGCHLD | view->cloneFlags(),
                                    const_cast<ChildContext *>(&context), &pidfd);
    const int cloneError = errno;
    if (stack != MAP_FAILED)
        ::munmap(stack, kChildStack);
    for (int fd : {in[0], out[1], err[1], status[1]})
        ::close(fd);
    SandboxCommand started;
    started.m_stdin = in[1];
    started.m_stdout = out[0];
    started.m_stderr = err[0];
    started.m_status = status[0];
    if (pid < 0)
        return Error{cloneError, spec.directory, QStringLiteral("cannot start a process for the VM")};
    started.m_pid = pid;
    started.m_pidfd = pidfd;
    ::fcntl(started.m_stdin, F_SETFL, O_NONBLOCK);
    ::fcntl(started.m_status, F_SETFL, O_NONBLOCK);
    // The child has exec'd or exited by now (CLONE_VFORK): a report already there is a failure.
    int32_t report[3] = {};
    if (::read(started.m_status, report, sizeof report) == ssize_t(sizeof report) &&
        report[0] == kSetupFailed) {
        started.end(0);
        const QString step = report[1] == 1000   ? QStringLiteral("enter the VM's directory")
                             : report[1] == 1001 ? QStringLiteral("run ") + QString::fromLocal8Bit(program[0])
                                                 : view->describeStep(report[1]);
        return Error{report[2], spec.directory,
                     QStringLiteral("cannot confine the command (%1: %2)")
                         .arg(step, QString::fromLocal8Bit(strerror(report[2])))};
    }
    return started;
}

int SandboxCommand::reap()
{
    if (m_pid <= 0)
        return -1;
    int initStatus = 0;
    if (::waitpid(m_pid, &initStatus, WNOHANG) != m_pid)
        return -1;
    m_pid = -1;
    int32_t reported = 0;
    if (m_status >= 0 && ::read(m_status, &reported, sizeof reported) == ssize_t(sizeof reported))
        return reported; // the command's own status, which its init (pid 1) cannot die of
    return initStatus;
}

void SandboxCommand::end(int graceMs)
{
    if (m_pid <= 0)
        return;
    ::kill(-m_pid, SIGTERM); // the init forwards it to the command's group (a bare shell's is this one)
    pollfd ended{m_pidfd, POLLIN, 0};
    if (graceMs > 0 && m_pidfd >= 0)
        ::poll(&ended, 1, graceMs);
    ::kill(-m_pid, SIGKILL); // the init's death takes its whole PID namespace along
    while (::waitpid(m_pid, nullptr, 0) < 0 && errno == EINTR) {
    }
    m_pid = -1;
}

} // namespace clonedeck
