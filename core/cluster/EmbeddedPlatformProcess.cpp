#include "EmbeddedPlatformProcess.h"

#include "Log.h"
#include "PrivateFiles.h"
#include "RunDirectoryLock.h"

#include <QCoreApplication>
#include <QFile>

#include <csignal>
#include <poll.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace clonedeck {

namespace {
// clonedeckd's last word before it exits at start: "clonedeckd: cannot start: <reason>".
QString cannotStartReason(const QByteArray &output)
{
    const QByteArray marker = "cannot start: ";
    const qsizetype at = output.lastIndexOf(marker);
    if (at < 0)
        return {};
    const qsizetype end = output.indexOf('\n', at);
    return QString::fromUtf8(output.mid(at + marker.size(), end < 0 ? -1 : end - at - marker.size()))
        .trimmed();
}

// Attaching waits as long as clonedeckd itself may take to resume its VMs (QEMU masters boot on TCG).
constexpr int kAttachMs = 300000;
constexpr int kPollMs = 100;
} // namespace

EmbeddedPlatformProcess::EmbeddedPlatformProcess(QObject *parent)
    : QObject(parent)
{
    m_poll.setInterval(kPollMs);
    connect(&m_poll, &QTimer::timeout, this, &EmbeddedPlatformProcess::waitForHolder);
    m_process.setProcessChannelMode(QProcess::SeparateChannels);
    connect(&m_process, &QProcess::readyReadStandardOutput, this, [this] {
        m_output += m_process.readAllStandardOutput();
        const qsizetype at = m_output.indexOf("XENSTORED_PATH=");
        const qsizetype end = m_output.indexOf('\n', at);
        if (m_socketPath.isEmpty() && at >= 0 && end > at) {
            m_socketPath = QString::fromUtf8(m_output.mid(at + 15, end - at - 15));
            spdlog::info("embedded platform ready at {}", m_socketPath);
            emit ready(m_socketPath);
        }
    });
    connect(&m_process, &QProcess::readyReadStandardError, this, [this] {
        // clonedeckd's log lines become console events.
        const QByteArray lines = m_process.readAllStandardError();
        if (const QString reason = cannotStartReason(lines); !reason.isEmpty())
            m_lastError = reason;
        for (const QByteArray &line : lines.split('\n')) {
            if (!line.trimmed().isEmpty())
                spdlog::info("clonedeckd: {}", line.trimmed());
        }
    });
    connect(&m_process, &QProcess::finished, this, [this](int code, QProcess::ExitStatus) {
        if (m_socketPath.isEmpty())
            fail(m_lastError.isEmpty() ? tr("clonedeckd exited (status %1) before it was ready").arg(code)
                                       : m_lastError);
        else
            spdlog::warn("clonedeckd exited with status {}", code);
    });
    connect(&m_process, &QProcess::errorOccurred, this, [this](QProcess::ProcessError error) {
        if (error == QProcess::FailedToStart)
            fail(tr("cannot start clonedeckd: %1").arg(m_process.errorString()));
    });
}

EmbeddedPlatformProcess::~EmbeddedPlatformProcess()
{
    stop();
}

qint64 EmbeddedPlatformProcess::pid() const
{
    return m_origin == Origin::Child ? m_process.processId() : m_holderPid;
}

QString EmbeddedPlatformProcess::logFile() const
{
    return m_runDir + QStringLiteral("/clonedeckd.log");
}

void EmbeddedPlatformProcess::start(const QString &runDir, const QStringList &extraArguments,
                                    bool keepRunning)
{
    m_runDir = runDir;
    m_keepRunning = keepRunning;
    // The clonedeckd already serving this run directory (left running by the last console, or
    // started by hand) is the platform: a second would only be refused.
    if (const auto holder = RunDirectoryLock::inspect(runDir)) {
        spdlog::info("clonedeckd pid {} already serves {}: attaching to it", holder->pid, runDir);
        m_origin = Origin::Attached;
        m_holderPid = holder->pid;
        m_deadline.setRemainingTime(kAttachMs);
        return waitForHolder();
    }
    const QString program = QCoreApplication::applicationDirPath() + QStringLiteral("/clonedeckd");
    const QStringList arguments = QStringList{QStringLiteral("--run-dir"), runDir} + extraArguments;
    if (keepRunning)
        startDetached(program, arguments);
    else
        startChild(program, arguments);
}

void EmbeddedPlatformProcess::startChild(const QString &program, const QStringList &arguments)
{
    m_origin = Origin::Child;
    m_process.start(program, arguments);
}

void EmbeddedPlatformProcess::startDetached(const QString &program, const QStringList &arguments)
{
    // Its log goes to a file in the run directory, made private first as clonedeckd would.
    if (auto dir = PrivateFiles::ensureDirectory(m_runDir, 0700); !dir)
        return fail(dir.error().toString());
    QProcess detached;
    detached.setProgram(program);
    detached.setArguments(arguments);
    detached.setStandardInputFile(QProcess::nullDevice());
    detached.setStandardOutputFile(QProcess::nullDevice());
    detached.setStandardErrorFile(logFile(), QIODevice::Truncate);
    if (!detached.startDetached(&m_holderPid)) // a session of its own: the terminal's ^C does not reach it
        return fail(tr("cannot start clonedeckd: %1").arg(detached.errorString()));
    spdlog::info("clonedeckd pid {} started to outlive the console; its log: {}", m_holderPid, logFile());
    m_origin = Origin::Detached;
    m_deadline.setRemainingTime(kAttachMs);
    waitForHolder();
}

void EmbeddedPlatformProcess::waitForHolder()
{
    const auto holder = RunDirectoryLock::inspect(m_runDir);
    const bool alive = holder || (m_origin == Origin::Detached && ::kill(pid_t(m_holderPid), 0) == 0 &&
                                  !m_deadline.hasExpired()); // not yet locked: it is starting
    if (holder && holder->ready()) {
        m_poll.stop();
        m_holderPid = holder->pid;
        m_socketPath = holder->socketPath;
        spdlog::info("embedded platform (clonedeckd pid {}) ready at {}", m_holderPid, m_socketPath);
        return emit ready(m_socketPath);
    }
    if (!alive) {
        QFile log(logFile());
        const QString reason = m_origin == Origin::Detached && log.open(QIODevice::ReadOnly)
                                   ? cannotStartReason(log.readAll())
                                   : QString();
        return fail(reason.isEmpty() ? tr("clonedeckd (pid %1) exited before it was ready").arg(m_holderPid)
                                     : reason);
    }
    if (m_deadline.hasExpired())
        return fail(
            tr("clonedeckd (pid %1) did not become ready in %2 s").arg(m_holderPid).arg(kAttachMs / 1000));
    m_poll.start();
}

void EmbeddedPlatformProcess::fail(const QString &reason)
{
    m_poll.stop();
    m_origin = m_origin == Origin::Child ? Origin::Child : Origin::None;
    emit failed(reason, adviceFor(reason));
}

QString EmbeddedPlatformProcess::adviceFor(const QString &reason)
{
    if (reason.contains(QLatin1String("another clonedeckd")))
        return tr("Quit the console or clonectl using that platform and stop it (kill the pid named), or "
                  "start the console with another run directory (--run-dir DIR).");
    if (reason.contains(QLatin1String("run directory")) || reason.contains(QLatin1String("has mode")) ||
        reason.contains(QLatin1String("symbolic link")) || reason.contains(QLatin1String("belongs to uid")))
        return tr(
            "The run directory must be a private directory (mode 0700) of your own: fix or remove it, or "
            "choose another with --run-dir DIR.");
    if (reason.contains(QLatin1String("xenstored")) || reason.contains(QLatin1String("ENOENT")))
        return tr("Install what the platform needs (bash packaging/install-deps.sh), then start again.");
    if (reason.contains(QLatin1String("did not become ready")))
        return tr("The platform is still busy or hung: see its log in the run directory, stop it (kill the "
                  "pid named) and start again.");
    return tr("See clonedeckd's lines in the event log (or clonedeckd.log in the run directory), fix the "
              "cause and start the console again.");
}

bool EmbeddedPlatformProcess::terminateAndWait(qint64 pid, int timeoutMs)
{
    // Not our child (detached, or started by an earlier console): a pidfd says when it is gone.
    const int pidfd = int(::syscall(SYS_pidfd_open, pid_t(pid), 0));
    if (pidfd < 0)
        return true; // ESRCH: already gone
    bool gone = false;
    if (::kill(pid_t(pid), SIGTERM) == 0) {
        pollfd ready{pidfd, POLLIN, 0};
        gone = ::poll(&ready, 1, timeoutMs) == 1;
        if (!gone)
            ::kill(pid_t(pid), SIGKILL);
    }
    ::close(pidfd);
    return gone;
}

void EmbeddedPlatformProcess::stop()
{
    m_poll.stop();
    if (m_origin == Origin::Child) {
        if (m_process.state() == QProcess::NotRunning)
            return;
        if (m_keepRunning)
            spdlog::warn("clonedeckd was started as the console's child: it stops with it (keeping it "
                         "running applies from the next start)");
        m_process.terminate();
        if (!m_process.waitForFinished(kStopMs)) // at quit only: the platform stops its VMs first
            m_process.kill();
        return;
    }
    if (m_origin == Origin::None || m_holderPid <= 0)
        return;
    if (m_keepRunning) {
        spdlog::info("clonedeckd pid {} keeps running for the next start", m_holderPid);
    } else if (!terminateAndWait(m_holderPid, kStopMs)) {
        spdlog::warn("clonedeckd pid {} did not stop in {} ms: killed", m_holderPid, kStopMs);
    }
    m_origin = Origin::None;
}

} // namespace clonedeck
