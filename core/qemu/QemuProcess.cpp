#include "QemuProcess.h"

#include <QDir>
#include <QFile>
#include <QPointer>
#include <QProcess>
#include <QSocketNotifier>
#include <QTimer>

#include <csignal>
#include <sys/syscall.h>
#include <unistd.h>

namespace clonedeck {

namespace {
// A VM's QEMU, not another program naming its directory: the one writing its pid file there.
bool isQemuOf(const QString &commandLine, const QString &marker)
{
    // QemuCommandLine gives every VM `-pidfile <its directory>/qemu.pid`; the arguments are joined
    // by spaces in QemuProcess::commandLine().
    return commandLine.contains(QStringLiteral("-pidfile ") + marker);
}
} // namespace

QemuProcess::QemuProcess(QString marker, QObject *parent)
    : QObject(parent)
    , m_marker(std::move(marker))
{}

QemuProcess::~QemuProcess()
{
    delete m_notifier;
    if (m_pidfd >= 0)
        ::close(m_pidfd);
}

int QemuProcess::openPidfd(qint64 pid)
{
    return int(::syscall(SYS_pidfd_open, pid_t(pid), 0));
}

int QemuProcess::signalPidfd(int pidfd, int signal)
{
    return int(::syscall(SYS_pidfd_send_signal, pidfd, signal, nullptr, 0));
}

QString QemuProcess::commandLine(qint64 pid)
{
    QFile file(QStringLiteral("/proc/%1/cmdline").arg(pid));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    QByteArray text = file.readAll();
    text.replace('\0', ' ');
    return QString::fromLocal8Bit(text);
}

qint64 QemuProcess::cpuTimeMs(qint64 pid)
{
    QFile file(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!file.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray text = file.readAll();
    // After the command name (which may hold spaces; the last ')' ends it): state is field 3, utime 14,
    // stime 15.
    const QList<QByteArray> fields = text.mid(text.lastIndexOf(')') + 2).split(' ');
    if (fields.size() < 13)
        return -1;
    const qint64 ticks = fields[11].toLongLong() + fields[12].toLongLong();
    return ticks * 1000 / ::sysconf(_SC_CLK_TCK);
}

QList<qint64> QemuProcess::findByMarker(const QString &marker)
{
    QList<qint64> pids;
    const QStringList entries = QDir(QStringLiteral("/proc")).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    for (const QString &entry : entries) {
        bool numeric = false;
        const qint64 pid = entry.toLongLong(&numeric);
        if (numeric && pid != ::getpid() && isQemuOf(commandLine(pid), marker))
            pids.append(pid);
    }
    return pids;
}

Status QemuProcess::start(const QString &program, const QStringList &arguments, const QString &logPath)
{
    QProcess process;
    process.setProgram(program);
    process.setArguments(arguments);
    process.setStandardInputFile(QProcess::nullDevice());
    process.setStandardOutputFile(logPath, QIODevice::Append);
    process.setStandardErrorFile(logPath, QIODevice::Append);
    qint64 pid = 0;
    // Detached: in a session of its own and not our child, so neither our exit nor a terminal's
    // signals end the VM.
    if (!process.startDetached(&pid))
        return Error{ENOEXEC, program, QStringLiteral("cannot start QEMU: ") + process.errorString()};
    return watch(pid);
}

Status QemuProcess::adopt(qint64 pid)
{
    if (pid <= 0 || !isQemuOf(commandLine(pid), m_marker)) {
        const QList<qint64> found = findByMarker(m_marker);
        if (found.isEmpty())
            return Error{ESRCH, m_marker, QStringLiteral("the VM's QEMU process is gone")};
        pid = found.first();
    }
    return watch(pid);
}

Status QemuProcess::watch(qint64 pid)
{
    const int fd = openPidfd(pid);
    if (fd < 0)
        return Error{errno, QString::number(pid), QStringLiteral("QEMU ended at once")};
    m_pid = pid;
    m_pidfd = fd;
    m_notifier = new QSocketNotifier(fd, QSocketNotifier::Read, this);
    connect(m_notifier, &QSocketNotifier::activated, this, &QemuProcess::onExited);
    return Done{};
}

void QemuProcess::onExited()
{
    delete m_notifier;
    m_notifier = nullptr;
    ::close(m_pidfd);
    m_pidfd = -1;
    m_pid = 0;
    emit exited();
}

void QemuProcess::terminate(int graceMs, QObject *context, std::function<void()> done)
{
    if (!isRunning()) {
        QTimer::singleShot(0, context, done);
        return;
    }
    signalPidfd(m_pidfd, SIGTERM);
    QPointer<QObject> guard(context);
    auto finished = std::make_shared<bool>(false);
    const auto finish = [guard, done, finished] {
        if (*finished)
            return;
        *finished = true;
        if (guard)
            done();
    };
    connect(this, &QemuProcess::exited, context, finish, Qt::SingleShotConnection);
    QTimer::singleShot(graceMs, this, [this] {
        if (m_pidfd >= 0)
            signalPidfd(m_pidfd, SIGKILL);
    });
    QTimer::singleShot(graceMs + 5000, context, finish); // SIGKILL cannot be ignored; this is a last resort
}

} // namespace clonedeck
