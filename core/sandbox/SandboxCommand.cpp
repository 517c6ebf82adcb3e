#include "SandboxCommand.h"

#include "SandboxSpawn.h"
#include "SandboxVmInit.h"
#include "SandboxVmInitHolder.h"
#include "SandboxVmView.h"
#include "vm-init-protocol.h"

#include <QFile>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

namespace clonedeck {

namespace {

// How long the VM's init may take to start a command before it counts as hung: far above the
// few milliseconds it takes, even at a load of 50 on 2 cores.
constexpr int kInitDeadlineMs = 10000;

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

// An unconfined command: the shell as our own child (vm_confinement=none).
Result<SandboxSpawned> startBare(const SandboxEndpointSpec &spec, std::vector<std::string> &argv,
                                 std::vector<std::string> &env, const int (&stdio)[3])
{
    const auto view = SandboxVmView::prepare(spec.confinement, spec.domid, spec.directory, {});
    if (!view)
        return view.error();
    std::vector<char *> argp, envp;
    for (std::string &entry : argv)
        argp.push_back(entry.data());
    argp.push_back(nullptr);
    for (std::string &entry : env)
        envp.push_back(entry.data());
    envp.push_back(nullptr);
    const QByteArray directory = QFile::encodeName(spec.directory);
    SandboxSpawnRequest request;
    request.view = &*view;
    std::copy(std::begin(stdio), std::end(stdio), request.fds);
    request.directory = directory.constData();
    request.argv = argp.data();
    request.envp = envp.data();
    return spawnInView(request, spec.directory);
}

} // namespace

SandboxCommand::SandboxCommand(SandboxCommand &&other) noexcept
{
    *this = std::move(other);
}

SandboxCommand &SandboxCommand::operator=(SandboxCommand &&other) noexcept
{
    if (this != &other) {
        end(0);
        closeAll();
        m_pid = std::exchange(other.m_pid, -1);
        m_pidfd = std::exchange(other.m_pidfd, -1);
        m_stdin = std::exchange(other.m_stdin, -1);
        m_stdout = std::exchange(other.m_stdout, -1);
        m_stderr = std::exchange(other.m_stderr, -1);
        m_reply = std::exchange(other.m_reply, -1);
        m_running = std::exchange(other.m_running, false);
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
    for (int *fd : {&m_pidfd, &m_stdin, &m_stdout, &m_stderr, &m_reply}) {
        if (*fd >= 0)
            ::close(*fd);
        *fd = -1;
    }
}

Result<SandboxCommand> SandboxCommand::start(const SandboxEndpointSpec &spec, const std::string &command,
                                             const std::vector<std::string> &clientEnvironment,
                                             SandboxVmInitHolder &vmInit)
{
    std::shared_ptr<SandboxVmInit> init;
    if (spec.confinement.confines()) {
        auto acquired = vmInit.acquire(spec);
        if (!acquired)
            return acquired.error();
        init = *acquired;
    }
    int in[2], out[2], err[2];
    int *pipes[] = {in, out, err};
    for (int i = 0; i < 3; ++i) {
        if (::pipe2(pipes[i], O_CLOEXEC) != 0) {
            const int code = errno;
            for (int j = 0; j < i; ++j)
                ::close(pipes[j][0]), ::close(pipes[j][1]);
            return Error{code, spec.directory, QStringLiteral("cannot create the command's pipes")};
        }
        pipes[i][0] = liftedDescriptor(pipes[i][0]);
        pipes[i][1] = liftedDescriptor(pipes[i][1]);
    }
    SandboxCommand started;
    started.m_stdin = in[1];
    started.m_stdout = out[0];
    started.m_stderr = err[0];
    const int childEnds[3] = {in[0], out[1], err[1]};
    std::vector<std::string> argv{"/bin/sh", "-c", command};
    std::vector<std::string> env = environmentFor(spec, clientEnvironment);
    Status status = Done{};
    if (spec.confinement.confines()) {
        auto run =
            init->run(QFile::encodeName(spec.directory).toStdString(), argv, env, childEnds, kInitDeadlineMs);
        if (run) {
            started.m_pidfd = run->pidfd;
            started.m_reply = run->reply;
            ::fcntl(started.m_reply, F_SETFL, O_NONBLOCK);
        } else {
            status = run.error();
            if (status.error().code == ETIMEDOUT || status.error().code == ECHILD)
                vmInit.forget(init); // hung or gone: the next command starts a new one
        }
    } else if (auto bare = startBare(spec, argv, env, childEnds)) {
        started.m_pid = bare->pid;
        started.m_pidfd = bare->pidfd;
    } else {
        status = bare.error();
    }
    for (int fd : childEnds)
        ::close(fd);
    if (!status)
        return status.error();
    started.m_running = true;
    ::fcntl(started.m_stdin, F_SETFL, O_NONBLOCK);
    return started;
}

int SandboxCommand::reap()
{
    if (!m_running)
        return -1;
    int status = -1;
    if (m_reply >= 0) {
        int32_t words[2] = {};
        const ssize_t got = ::recv(m_reply, words, sizeof words, MSG_DONTWAIT);
        if (got < 0 && errno == EAGAIN)
            return -1;
        // Anything but the report means the command's init is gone without one: the VM's init was
        // killed, and its PID namespace with it.
        status = got == ssize_t(sizeof words) && words[0] == VMINIT_EXITED ? words[1] : SIGKILL;
    } else if (::waitpid(m_pid, &status, WNOHANG) != m_pid) {
        return -1;
    } else {
        m_pid = -1;
    }
    m_running = false;
    return status;
}

void SandboxCommand::signal(int number)
{
    if (!m_running)
        return;
    if (m_reply >= 0)
        ::syscall(SYS_pidfd_send_signal, m_pidfd, number, nullptr, 0); // its init passes it on
    else
        ::kill(-m_pid, number);
}

void SandboxCommand::end(int graceMs)
{
    if (!m_running && m_pid <= 0)
        return;
    signal(SIGTERM);
    pollfd ended{m_pidfd, POLLIN, 0};
    if (graceMs > 0 && m_pidfd >= 0)
        ::poll(&ended, 1, graceMs);
    signal(SIGKILL); // a command init's death takes its whole PID namespace along
    if (m_pid > 0) {
        while (::waitpid(m_pid, nullptr, 0) < 0 && errno == EINTR) {
        }
    }
    m_pid = -1;
    m_running = false;
}

} // namespace clonedeck
