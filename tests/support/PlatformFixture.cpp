#include "PlatformFixture.h"

#include <QFile>

#include "TestEnvironment.h"

#include <QCoreApplication>

#include <QDeadlineTimer>

#include <csignal>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <unistd.h>

namespace clonedeck::test {

PlatformFixture::PlatformFixture() = default;

PlatformFixture::~PlatformFixture()
{
    stop();
}

QString PlatformFixture::start(const Options &options)
{
    m_options = options;
    m_addressBase =
        options.addressBase.isEmpty() ? loopbackPrefix() + QStringLiteral("0.0") : options.addressBase;
    return launch();
}

QString PlatformFixture::restart()
{
    return launch();
}

QString PlatformFixture::launch()
{
    if (!m_runDir.isValid())
        return QStringLiteral("no temporary directory");
    m_process = std::make_unique<QProcess>();
    m_process->setProcessChannelMode(QProcess::SeparateChannels);
    // stderr to a file, not a pipe: tests wait synchronously on clonectl, and a daemon
    // logging a thousand lines into an undrained pipe would block until they time out.
    m_process->setStandardErrorFile(m_runDir.path() + QStringLiteral("/clonedeckd.stderr"));
    // If the test itself dies, the platform (and with it xenstored and every VM) goes too.
    const rlim_t processLimit = rlim_t(m_options.processLimit);
    m_process->setChildProcessModifier([processLimit] {
        ::prctl(PR_SET_PDEATHSIG, SIGTERM);
        const rlimit limit{processLimit, processLimit};
        if (processLimit > 0)
            ::setrlimit(RLIMIT_NPROC, &limit);
    });
    // Fallback port in a range of its own per test process, so parallel tests never collide
    // even if port 22 cannot be bound.
    const int fallbackPort = 20000 + int(QCoreApplication::applicationPid() % 20000);
    QStringList args{QStringLiteral("--run-dir"),
                     m_runDir.path(),
                     QStringLiteral("--hosts"),
                     m_options.hosts,
                     QStringLiteral("--address-base"),
                     m_addressBase,
                     QStringLiteral("--fallback-ssh-port"),
                     QString::number(fallbackPort),
                     QStringLiteral("--ticket-ttl-ms"),
                     QString::number(m_options.ticketTtlMs),
                     QStringLiteral("--log-file"),
                     m_runDir.path() + QStringLiteral("/clonedeckd.log")};
    args += m_options.extraArgs;
    if (m_options.runAsUid >= 0) {
        const QByteArray dir = QFile::encodeName(m_runDir.path());
        if (::chown(dir.constData(), uid_t(m_options.runAsUid), gid_t(m_options.runAsUid)) != 0)
            return QStringLiteral("cannot give the run directory to uid %1").arg(m_options.runAsUid);
        const QString id = QString::number(m_options.runAsUid);
        args = QStringList{QStringLiteral("--reuid=") + id, QStringLiteral("--regid=") + id,
                           QStringLiteral("--clear-groups"), binDir() + QStringLiteral("/clonedeckd")} +
               args;
        m_process->start(QStringLiteral("setpriv"), args); // execs clonedeckd: same process
    } else {
        m_process->start(binDir() + QStringLiteral("/clonedeckd"), args);
    }
    if (!m_process->waitForStarted(5000))
        return QStringLiteral("clonedeckd did not start: ") + m_process->errorString();
    QDeadlineTimer deadline(m_options.startTimeoutMs);
    QByteArray out;
    while (!deadline.hasExpired()) {
        if (!m_process->waitForReadyRead(int(std::max<qint64>(1, deadline.remainingTime()))))
            break;
        out += m_process->readAllStandardOutput();
        const qsizetype at = out.indexOf("XENSTORED_PATH=");
        const qsizetype end = out.indexOf('\n', at);
        if (at >= 0 && end > at) {
            m_socketPath = QString::fromUtf8(out.mid(at + 15, end - at - 15));
            return {};
        }
    }
    m_log = stderrText();
    killHard();
    return QStringLiteral("clonedeckd did not become ready: ") + QString::fromUtf8(m_log.right(2000));
}

QByteArray PlatformFixture::stderrText() const
{
    QFile file(m_runDir.path() + QStringLiteral("/clonedeckd.stderr"));
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

bool PlatformFixture::isRunning() const
{
    return m_process && m_process->state() == QProcess::Running;
}

void PlatformFixture::stop()
{
    if (!isRunning())
        return;
    m_process->terminate();
    if (!m_process->waitForFinished(15000)) {
        m_process->kill();
        m_process->waitForFinished(5000);
    }
    m_log = stderrText();
}

void PlatformFixture::killHard()
{
    if (!isRunning())
        return;
    m_process->kill();
    m_process->waitForFinished(5000);
    m_log = stderrText();
}

QProcessEnvironment PlatformFixture::environment(int domid) const
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("XENSTORED_PATH"), m_socketPath);
    env.insert(QStringLiteral("PATH"), binDir() + QLatin1Char(':') + env.value(QStringLiteral("PATH")));
    env.remove(QStringLiteral("CLONEDECK_DOMID"));
    if (domid >= 0)
        env.insert(QStringLiteral("CLONEDECK_DOMID"), QString::number(domid));
    return env;
}

CommandResult PlatformFixture::run(const QString &program, const QStringList &args,
                                   const QProcessEnvironment &env, const QByteArray &input,
                                   int timeoutMs) const
{
    QProcess process;
    process.setProcessEnvironment(env);
    process.start(program, args);
    CommandResult result;
    if (!process.waitForStarted(5000)) {
        result.err = process.errorString().toUtf8();
        return result;
    }
    if (!input.isEmpty())
        process.write(input);
    process.closeWriteChannel();
    result.finished = process.waitForFinished(timeoutMs);
    if (!result.finished) {
        process.kill();
        process.waitForFinished(5000);
    }
    result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    result.out = process.readAllStandardOutput();
    result.err = process.readAllStandardError();
    return result;
}

CommandResult PlatformFixture::clonectl(const QStringList &args, int domid, int timeoutMs) const
{
    return run(binDir() + QStringLiteral("/clonectl"), args, environment(domid), {}, timeoutMs);
}

} // namespace clonedeck::test
