#include "SandboxVmInit.h"

#include "SandboxSpawn.h"
#include "SandboxSshServer.h"
#include "SandboxVmView.h"
#include "vm-init-protocol.h"
#include "VmInitMessages.h"

#include <QFile>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

namespace clonedeck {

namespace {

QString describeStep(int32_t step)
{
    // Indexed by VMINIT_STEP_* (vm-init-protocol.h), which count from 1.
    static const char *const steps[] = {"make its user namespace",
                                        "map its uid and gid",
                                        "read the request",
                                        "create the command's namespaces",
                                        "mount the command's /proc",
                                        "enter the VM's directory",
                                        "open its pidfd"};
    if (step >= VMINIT_STEP_USERNS && step <= VMINIT_STEP_PIDFD)
        return QString::fromLatin1(steps[step - VMINIT_STEP_USERNS]);
    return QStringLiteral("step %1").arg(step);
}

} // namespace

SandboxVmInit::SandboxVmInit(pid_t pid, int control)
    : m_pid(pid)
    , m_control(control)
{}

SandboxVmInit::~SandboxVmInit()
{
    ::close(m_control); // what ends it when clonedeckd itself goes
    if (!m_reaped) {
        ::kill(m_pid, SIGKILL); // still our unreaped child: the pid cannot name another process
        while (::waitpid(m_pid, nullptr, 0) < 0 && errno == EINTR) {
        }
    }
}

Result<std::unique_ptr<SandboxVmInit>> SandboxVmInit::start(const SandboxEndpointSpec &spec, int deadlineMs)
{
    auto view = SandboxVmView::prepare(spec.confinement, spec.domid, spec.directory, spec.xenstoreSocket);
    if (!view)
        return view.error();
    int sockets[2];
    if (::socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sockets) != 0)
        return Error{errno, spec.directory, QStringLiteral("cannot create the VM init's socket")};
    // Room for the longest command SSH carries (256 KiB) with its environment; as root beyond wmem_max.
    const int room = VMINIT_MAX_REQUEST + 64 * 1024;
    if (::setsockopt(sockets[0], SOL_SOCKET, SO_SNDBUFFORCE, &room, sizeof room) != 0)
        ::setsockopt(sockets[0], SOL_SOCKET, SO_SNDBUF, &room, sizeof room);
    const int childEnd = liftedDescriptor(sockets[1]);
    const int devNull = liftedDescriptor(::open("/dev/null", O_RDWR | O_CLOEXEC));
    std::string program = QFile::encodeName(spec.confinement.initHelper).toStdString();
    char *argv[] = {program.data(), nullptr};
    char *envp[] = {nullptr};
    const QByteArray directory = QFile::encodeName(spec.directory);
    SandboxSpawnRequest request;
    request.view = &*view;
    request.fds[0] = request.fds[1] = request.fds[2] = devNull;
    request.fds[3] = childEnd;
    request.directory = directory.constData();
    request.argv = argv;
    request.envp = envp;
    request.dieWithThread = false;
    auto spawned = spawnInView(request, spec.directory);
    ::close(childEnd);
    ::close(devNull);
    if (!spawned) {
        ::close(sockets[0]);
        return spawned.error();
    }
    ::close(spawned->pidfd); // our child until reaped: its pid is enough
    std::unique_ptr<SandboxVmInit> init(new SandboxVmInit(spawned->pid, sockets[0]));
    vminit::Reply ready;
    const int got = vminit::receiveReply(init->m_control, deadlineMs, ready);
    if (got == 1 && ready.code == VMINIT_READY)
        return init;
    const QString why =
        got < 0    ? QStringLiteral("no answer within %1 ms").arg(deadlineMs)
        : got == 0 ? QStringLiteral("it ended at once")
                   : QStringLiteral("cannot %1: %2")
                         .arg(describeStep(ready.detail), QString::fromLocal8Bit(strerror(ready.code)));
    return Error{got == 1 ? ready.code : EIO, spec.directory,
                 QStringLiteral("the VM's init did not start (%1)").arg(why)};
}

Result<SandboxVmInit::Started> SandboxVmInit::run(const std::string &directory,
                                                  const std::vector<std::string> &argv,
                                                  const std::vector<std::string> &envp, const int (&stdio)[3],
                                                  int deadlineMs) const
{
    const std::string payload = vminit::requestPayload(directory, argv, envp);
    if (payload.size() > VMINIT_MAX_REQUEST)
        return Error{E2BIG, {}, QStringLiteral("the command and its environment are too long")};
    int reply[2];
    if (::socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, reply) != 0)
        return Error{errno, {}, QStringLiteral("cannot create the command's reply socket")};
    const int fds[4] = {stdio[0], stdio[1], stdio[2], reply[1]};
    const Status sent = vminit::sendRequest(m_control, payload, fds, deadlineMs);
    ::close(reply[1]);
    if (!sent) {
        ::close(reply[0]);
        return sent.error();
    }
    vminit::Reply started;
    const int got = vminit::receiveReply(reply[0], deadlineMs, started);
    if (got == 1 && started.code == VMINIT_STARTED && started.fd >= 0)
        return Started{started.fd, reply[0]};
    ::close(reply[0]);
    if (started.fd >= 0)
        ::close(started.fd);
    if (got < 0)
        return Error{
            ETIMEDOUT,
            {},
            QStringLiteral("the VM's init did not start the command within %1 ms (hung?)").arg(deadlineMs)};
    if (got == 0)
        return Error{ECHILD, {}, QStringLiteral("the VM's init ended before the command started")};
    return Error{started.code,
                 {},
                 QStringLiteral("cannot start the command (%1: %2)")
                     .arg(describeStep(started.detail), QString::fromLocal8Bit(strerror(started.code)))};
}

bool SandboxVmInit::alive() const
{
    pollfd hangUp{m_control, 0, 0};
    return !m_reaped && ::poll(&hangUp, 1, 0) == 0;
}

QString SandboxVmInit::describeEnd()
{
    if (!m_reaped) {
        if (::waitpid(m_pid, &m_status, WNOHANG) != m_pid) {
            ::kill(m_pid, SIGKILL); // it closed its socket but lives on: not an init we trust
            while (::waitpid(m_pid, &m_status, 0) < 0 && errno == EINTR) {
            }
        }
        m_reaped = true;
    }
    if (WIFSIGNALED(m_status))
        return QStringLiteral("killed by signal %1 (%2)")
            .arg(WTERMSIG(m_status))
            .arg(QString::fromLatin1(sigabbrev_np(WTERMSIG(m_status))));
    return QStringLiteral("exited with status %1").arg(WEXITSTATUS(m_status));
}

} // namespace clonedeck
