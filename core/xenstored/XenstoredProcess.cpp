#include "XenstoredProcess.h"

#include "CompanionFile.h"
#include "Log.h"
#include "PrivateFiles.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>

extern "C" {
#include <xen/io/xs_wire.h>
#include <xenstore.h>
#include <xenstore_lib.h>
}

#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

namespace clonedeck {

namespace {

// A real request on the wire (XS_DIRECTORY of "/"), answered by a real reply. Spoken directly
// rather than through libxenstore, whose only way to name a socket is the process-wide
// XENSTORED_PATH variable.
bool socketAnswers(const QString &socketPath)
{
    const QByteArray path = QFile::encodeName(socketPath);
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    if (size_t(path.size()) >= sizeof address.sun_path)
        return false;
    memcpy(address.sun_path, path.constData(), size_t(path.size()));
    const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return false;
    timeval timeout{1, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    bool ok = false;
    if (::connect(fd, reinterpret_cast<sockaddr *>(&address), sizeof address) == 0) {
        xsd_sockmsg request{XS_DIRECTORY, 1, 0, 2};
        char message[sizeof request + 2];
        memcpy(message, &request, sizeof request);
        memcpy(message + sizeof request, "/", 2);
        xsd_sockmsg reply{};
        if (::write(fd, message, sizeof message) == ssize_t(sizeof message) &&
            ::read(fd, &reply, sizeof reply) == ssize_t(sizeof reply))
            ok = reply.type == XS_DIRECTORY && reply.req_id == 1;
    }
    ::close(fd);
    return ok;
}

void pauseBriefly(int milliseconds)
{
    // Polling the daemon's socket while it starts: the wait is bounded by the caller's deadline.
    struct timespec delay
    {
        0, milliseconds * 1000000L
    };
    nanosleep(&delay, nullptr);
}

} // namespace

XenstoredProcess::XenstoredProcess(Options options)
    : m_options(std::move(options))
{}

XenstoredProcess::~XenstoredProcess()
{
    stop();
}

QString XenstoredProcess::socketPath() const
{
    return m_options.runDir + QStringLiteral("/socket");
}

QString XenstoredProcess::findXenstored(const QString &preferred)
{
    // An explicit choice is honoured or refused, never silently replaced.
    if (!preferred.isEmpty())
        return QFileInfo(preferred).isExecutable() ? preferred : QString();
    QStringList candidates;
    candidates << QStringLiteral("/usr/lib/xen-4.17/bin/xenstored") << QStringLiteral("/usr/sbin/xenstored");
    for (const QString &candidate : candidates) {
        if (QFileInfo(candidate).isExecutable())
            return candidate;
    }
    return {};
}

QString XenstoredProcess::findStubLibrary(const QString &preferred)
{
    if (!preferred.isEmpty())
        return QFileInfo::exists(preferred) ? QFileInfo(preferred).absoluteFilePath() : QString();
    return CompanionFile::find("CLONEDECK_HVSTUB",
                               {QStringLiteral("../lib/libclonedeck-hvstub.so"),
                                QStringLiteral("../lib/clonedeck/libclonedeck-hvstub.so")},
                               QStringLiteral(CLONEDECK_INSTALL_LIBDIR "/clonedeck/libclonedeck-hvstub.so"),
                               false);
}

Status XenstoredProcess::prepareRunDirectory()
{
    const QString dir = m_options.runDir;
    if (dir.isEmpty())
        return Error{EINVAL, {}, QStringLiteral("no run directory given")};
    for (const QString &directory : {dir, dir + QStringLiteral("/stub")}) {
        if (auto ready = PrivateFiles::ensureDirectory(directory, 0700); !ready)
            return ready;
    }
    // What /proc/xen/xsd_port and /proc/xen/xsd_kva would hold in dom0: the stub redirects there.
    for (const auto &[name, content] : {std::pair{QStringLiteral("/stub/xsd_port"), QByteArray("1")},
                                        std::pair{QStringLiteral("/stub/xsd_kva"), QByteArray(4096, '\0')}}) {
        if (auto written = PrivateFiles::writeFile(dir + name, content, 0600); !written)
            return Error{written.error().code, written.error().path,
                         QStringLiteral("cannot write the stub's file: ") + written.error().message};
    }
    QFile::remove(socketPath());
    QFile::remove(dir + QStringLiteral("/socket_ro"));
    return Done{};
}

QString XenstoredProcess::logTail() const
{
    QFile log(m_options.runDir + QStringLiteral("/xenstored.log"));
    if (!log.open(QIODevice::ReadOnly))
        return {};
    return QString::fromLocal8Bit(log.readAll().right(1000)).trimmed();
}

Status XenstoredProcess::start()
{
    if (isRunning())
        return Done{};
    QElapsedTimer timer;
    timer.start();
    const QString binary = findXenstored(m_options.xenstoredBinary);
    if (binary.isEmpty())
        return Error{ENOENT,
                     m_options.xenstoredBinary.isEmpty() ? QStringLiteral("xenstored")
                                                         : m_options.xenstoredBinary,
                     QStringLiteral("Debian's xenstored was not found; install the package xen-utils-4.17 "
                                    "(apt-get install --no-install-recommends xen-utils-4.17)")};
    const QString stub = findStubLibrary(m_options.stubLibrary);
    if (stub.isEmpty())
        return Error{
            ENOENT,
            m_options.stubLibrary.isEmpty() ? QStringLiteral("libclonedeck-hvstub.so")
                                            : m_options.stubLibrary,
            QStringLiteral("the hypervisor stub library was not found (set CLONEDECK_HVSTUB to its path)")};
    if (auto prepared = prepareRunDirectory(); !prepared)
        return prepared;

    const QByteArray dir = QFile::encodeName(m_options.runDir);
    const QByteArray binaryPath = QFile::encodeName(binary);
    const QByteArray pidFile = dir + "/xenstored.pid";
    const QByteArray traceFile = dir + "/xenstored.trace";
    const QByteArray logFile = dir + "/xenstored.log";
    // Everything the child needs is prepared before fork(): after it, only async-signal-safe calls.
    QList<QByteArray> environment{
        "XENSTORED_RUNDIR=" + dir, "XENSTORED_PATH=" + QFile::encodeName(socketPath()),
        "LD_PRELOAD=" + QFile::encodeName(stub), "CLONEDECK_HVSTUB_DIR=" + dir + "/stub",
        "PATH=/usr/sbin:/usr/bin:/sbin:/bin"};
    std::vector<char *> envp;
    for (QByteArray &entry : environment)
        envp.push_back(entry.data());
    envp.push_back(nullptr);
    // -N: stay in the foreground (we are its parent); -F: pid file. Never -D: without the
    // dom0 domain structure it crashes on the first request (docs/xenstored-without-xen.md).
    QList<QByteArray> args{binaryPath, "-N", "-F", pidFile};
    if (m_options.trace)
        args << "-T" << traceFile;
    std::vector<char *> argv;
    for (QByteArray &arg : args)
        argv.push_back(arg.data());
    argv.push_back(nullptr);
    const pid_t parent = ::getpid();
    const bool dieWithParent = m_options.dieWithParent;

    const pid_t child = ::fork();
    if (child < 0)
        return Error{errno, binary, QStringLiteral("cannot fork")};
    if (child == 0) {
        if (dieWithParent) {
            ::prctl(PR_SET_PDEATHSIG, SIGKILL);
            if (::getppid() != parent)
                ::_exit(127);
        }
        ::setpgid(0, 0); // its own group: a Ctrl-C meant for us is not meant for it
        const int log =
            ::open(logFile.constData(), O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0600);
        const int null = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
        if (log >= 0) {
            ::dup2(log, STDOUT_FILENO);
            ::dup2(log, STDERR_FILENO);
        }
        if (null >= 0)
            ::dup2(null, STDIN_FILENO);
        ::execve(argv[0], argv.data(), envp.data());
        ::_exit(127);
    }
    m_pid = child;

    QDeadlineTimer deadline(m_options.startTimeoutMs);
    while (!deadline.hasExpired()) {
        if (!isRunning()) {
            return Error{ECHILD, binary, QStringLiteral("xenstored exited during start-up: ") + logTail()};
        }
        if (QFileInfo::exists(socketPath()) && socketAnswers(socketPath())) {
            m_startupMs = timer.elapsed();
            spdlog::info("xenstored pid {} answering at {} after {} ms", m_pid, socketPath(), m_startupMs);
            return Done{};
        }
        pauseBriefly(2);
    }
    const QString tail = logTail();
    stop();
    return Error{ETIMEDOUT, socketPath(),
                 QStringLiteral("xenstored did not answer within %1 ms%2")
                     .arg(m_options.startTimeoutMs)
                     .arg(tail.isEmpty() ? QString() : QStringLiteral(": ") + tail)};
}

bool XenstoredProcess::isRunning() const
{
    if (m_pid <= 0)
        return false;
    int status = 0;
    const pid_t result = ::waitpid(pid_t(m_pid), &status, WNOHANG);
    if (result == pid_t(m_pid) || (result < 0 && errno == ECHILD)) {
        m_pid = -1; // reaped: it died
        return false;
    }
    return true;
}

Status XenstoredProcess::stop(int timeoutMs)
{
    if (m_pid > 0) {
        const pid_t pid = pid_t(m_pid);
        ::kill(pid, SIGTERM);
        QDeadlineTimer deadline(timeoutMs);
        int status = 0;
        while (::waitpid(pid, &status, WNOHANG) == 0) {
            if (deadline.hasExpired()) {
                ::kill(pid, SIGKILL);
                ::waitpid(pid, &status, 0);
                break;
            }
            pauseBriefly(2);
        }
        m_pid = -1;
    }
    QFile::remove(socketPath());
    QFile::remove(m_options.runDir + QStringLiteral("/socket_ro"));
    QFile::remove(m_options.runDir + QStringLiteral("/xenstored.pid"));
    return Done{};
}

} // namespace clonedeck
