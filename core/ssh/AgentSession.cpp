#include "AgentSession.h"

#include "HostKeyPolicy.h"
#include "Log.h"
#include "SshConnection.h"

#include <libssh/libssh.h>
#include <libssh/server.h> // ssh_send_keepalive() is declared there but works for clients

#include <algorithm>
#include <cerrno>

namespace clonedeck {

namespace {
constexpr qint64 kReadBudgetPerWakeup = 1024 * 1024; // then yield to the other sessions
constexpr int kMaxStdinChunk = 256 * 1024;

QString endpointOf(const AgentTarget &target)
{
    return QStringLiteral("%1:%2").arg(target.address).arg(target.port);
}
} // namespace

AgentSession::AgentSession(AgentTarget target, AgentLaunchOptions options,
                           std::shared_ptr<HostKeyPolicy> policy, Mode mode,
                           std::shared_ptr<LineBuffer> stdoutLines, std::shared_ptr<LineBuffer> stderrLines,
                           QObject *parent)
    : QObject(parent)
    , m_target(std::move(target))
    , m_options(std::move(options))
    , m_mode(mode)
    , m_stdoutLines(std::move(stdoutLines))
    , m_stderrLines(std::move(stderrLines))
{
    const auto goal =
        mode == Mode::Probe ? SshConnection::Goal::HostKeyVerified : SshConnection::Goal::Authenticated;
    m_connection = new SshConnection(m_target, m_options, std::move(policy), goal, this);
    connect(m_connection, &SshConnection::stateChanged, this, &AgentSession::setState);
    connect(m_connection, &SshConnection::hostKeyVerified, this,
            [this](const HostKey &key, bool insecure) { emit hostKeyVerified(key.fingerprint, insecure); });
    connect(m_connection, &SshConnection::established, this, &AgentSession::onEstablished);
    connect(m_connection, &SshConnection::failed, this, &AgentSession::onConnectionFailed);
    connect(m_connection, &SshConnection::activity, this, &AgentSession::pump);

    m_launchTimer.setSingleShot(true);
    connect(&m_launchTimer, &QTimer::timeout, this, &AgentSession::onLaunchTimeout);
    m_idleTimer.setSingleShot(true);
    connect(&m_idleTimer, &QTimer::timeout, this, &AgentSession::idle);
    connect(&m_keepaliveTimer, &QTimer::timeout, this, [this] {
        if (m_connection->isEstablished()) {
            ssh_send_keepalive(m_connection->session());
            m_connection->rearm();
        }
    });
    m_stopTimer.setSingleShot(true);

    ssh_callbacks_init(&m_callbacks);
    m_callbacks.userdata = this;
    m_callbacks.channel_exit_status_function = &AgentSession::onExitStatus;
    m_callbacks.channel_exit_signal_function = &AgentSession::onExitSignal;
}

AgentSession::~AgentSession()
{
    teardown();
}

void AgentSession::start()
{
    m_launchTimer.start(std::max(1, m_options.launchTimeoutMs));
    m_connection->start();
}

void AgentSession::setState(AgentState state, const QString &detail)
{
    m_state = state;
    emit stateChanged(state, detail, QDateTime::currentDateTimeUtc());
}

void AgentSession::onEstablished()
{
    if (m_mode == Mode::Probe) {
        teardown();
        setState(AgentState::Exited, QStringLiteral("SSH answers with an accepted host key"));
        emit probeSucceeded();
        emit finished();
        return;
    }
    setState(AgentState::Starting, m_options.command);
    m_channel = ssh_channel_new(m_connection->session());
    if (m_channel == nullptr) {
        finishFailed(Error{ENOMEM, endpointOf(m_target), QStringLiteral("cannot create a channel")});
        return;
    }
    ssh_set_channel_callbacks(m_channel, &m_callbacks);
    stepStart();
}

void AgentSession::stepStart()
{
    const int rc = m_startStep == StartStep::Open
                       ? ssh_channel_open_session(m_channel)
                       : ssh_channel_request_exec(m_channel, m_options.command.toUtf8().constData());
    if (rc == SSH_AGAIN) {
        m_connection->rearm();
        return;
    }
    if (rc != SSH_OK) {
        const QString what = m_startStep == StartStep::Open
                                 ? QStringLiteral("cannot open a session channel")
                                 : QStringLiteral("the server refused to run the command");
        finishFailed(
            Error{EIO, endpointOf(m_target),
                  what + QStringLiteral(": ") + QString::fromUtf8(ssh_get_error(m_connection->session()))});
        return;
    }
    if (m_startStep == StartStep::Open) {
        m_startStep = StartStep::Exec;
        stepStart();
        return;
    }
    m_launchTimer.stop();
    setState(AgentState::Running, m_options.command);
    if (m_options.keepaliveSeconds > 0)
        m_keepaliveTimer.start(m_options.keepaliveSeconds * 1000);
    if (m_options.idleSeconds > 0)
        m_idleTimer.start(m_options.idleSeconds * 1000);
    if (m_stopRequested) {
        m_stopRequested = false;
        stop();
        return;
    }
    pump();
}

void AgentSession::schedulePump()
{
    if (m_pumpScheduled)
        return;
    m_pumpScheduled = true;
    QMetaObject::invokeMethod(this, &AgentSession::pump, Qt::QueuedConnection);
}

void AgentSession::pump()
{
    m_pumpScheduled = false;
    if (m_state == AgentState::Starting) {
        stepStart();
        return;
    }
    if ((m_state != AgentState::Running && m_state != AgentState::Stopping) || m_channel == nullptr)
        return;
    ssh_session session = m_connection->session();
    if (ssh_get_poll_flags(session) & SSH_WRITE_PENDING)
        ssh_blocking_flush(session, 0);

    qint64 budget = kReadBudgetPerWakeup;
    bool stdoutEof = false;
    bool stderrEof = false;
    if (!readStream(AgentStream::Stdout, budget, stdoutEof) ||
        !readStream(AgentStream::Stderr, budget, stderrEof))
        return; // finished
    flushStdin();
    if (isFinal(m_state))
        return;
    checkCompletion(stdoutEof, stderrEof);
    if (isFinal(m_state))
        return;
    if (budget <= 0)
        schedulePump();
    m_connection->rearm();
}

bool AgentSession::readStream(AgentStream stream, qint64 &budget, bool &atEof)
{
    static thread_local char buffer[64 * 1024];
    LineBuffer &lines = stream == AgentStream::Stdout ? *m_stdoutLines : *m_stderrLines;
    while (budget > 0) {
        const int n =
            ssh_channel_read_nonblocking(m_channel, buffer, sizeof buffer, stream == AgentStream::Stderr);
        if (n == SSH_EOF) {
            atEof = true;
            return true;
        }
        if (n == SSH_ERROR) {
            if (m_exit.statusKnown || m_stopRequested) {
                finishExited(QStringLiteral("connection closed"));
            } else {
                finishFailed(Error{ECONNRESET, endpointOf(m_target),
                                   QStringLiteral("connection lost while the agent was running: %1")
                                       .arg(QString::fromUtf8(ssh_get_error(m_connection->session())))});
            }
            return false;
        }
        if (n == 0)
            return true;
        budget -= n;
        const QByteArray data(buffer, n);
        if (m_options.idleSeconds > 0)
            m_idleTimer.start(m_options.idleSeconds * 1000);
        emit output(stream, data);
        for (const QString &text : lines.append(data))
            emit line(stream, text);
    }
    return true;
}

void AgentSession::flushStdin()
{
    if (m_channel == nullptr || (m_state != AgentState::Running && m_state != AgentState::Stopping))
        return;
    qint64 written = 0;
    qsizetype offset = 0;
    while (offset < m_stdin.size()) {
        const uint32_t window = ssh_channel_window_size(m_channel);
        if (window == 0)
            break;
        const int chunk = int(std::min<qint64>({m_stdin.size() - offset, qint64(window), kMaxStdinChunk}));
        const int n = ssh_channel_write(m_channel, m_stdin.constData() + offset, uint32_t(chunk));
        if (n == SSH_ERROR) {
            finishFailed(Error{ECONNRESET, endpointOf(m_target),
                               QStringLiteral("cannot write to the agent's stdin: %1")
                                   .arg(QString::fromUtf8(ssh_get_error(m_connection->session())))});
            return;
        }
        if (n <= 0)
            break;
        offset += n;
        written += n;
    }
    m_stdin.remove(0, offset);
    if (written > 0)
        emit stdinWritten(written);
    if (m_stdin.isEmpty() && m_stdinEofRequested && !m_stdinEofSent) {
        ssh_channel_send_eof(m_channel);
        m_stdinEofSent = true;
    }
}

void AgentSession::checkCompletion(bool stdoutEof, bool stderrEof)
{
    if (!stdoutEof || !stderrEof)
        return;
    // The exit status usually follows the EOF; ssh_channel_get_exit_status() processes the
    // pending packets without blocking (the session is non-blocking) and returns -1 until then.
    if (!m_exit.statusKnown && !ssh_channel_is_closed(m_channel))
        ssh_channel_get_exit_status(m_channel);
    if (!m_exit.statusKnown && !ssh_channel_is_closed(m_channel))
        return;
    finishExited(m_exit.signal.isEmpty() ? QStringLiteral("exit code %1").arg(m_exit.exitCode)
                                         : QStringLiteral("killed by SIG%1").arg(m_exit.signal));
}

void AgentSession::writeStdin(const QByteArray &data)
{
    if (isFinal(m_state) || m_stdinEofRequested)
        return;
    m_stdin.append(data);
    flushStdin();
    if (!isFinal(m_state))
        m_connection->rearm();
}

void AgentSession::closeStdin()
{
    if (isFinal(m_state))
        return;
    m_stdinEofRequested = true;
    flushStdin();
    if (!isFinal(m_state))
        m_connection->rearm();
}

void AgentSession::stop()
{
    if (isFinal(m_state) || m_state == AgentState::Stopping)
        return;
    if (m_state != AgentState::Running) {
        if (m_state == AgentState::Starting) {
            m_stopRequested = true; // stop as soon as exec completes, so nothing is left behind
            return;
        }
        m_stopRequested = true;
        finishFailed(
            Error{ECANCELED, endpointOf(m_target), QStringLiteral("stopped before the agent started")});
        return;
    }
    m_stopRequested = true;
    setState(AgentState::Stopping, QStringLiteral("closing the agent's stdin"));
    m_stdin.clear();
    m_stdinEofRequested = true;
    flushStdin();
    if (isFinal(m_state))
        return;
    m_connection->rearm();
    m_stopTimer.disconnect();
    connect(&m_stopTimer, &QTimer::timeout, this, &AgentSession::onStopEofDeadline);
    m_stopTimer.start(std::max(0, m_options.stopEofMs));
}

void AgentSession::onStopEofDeadline()
{
    if (m_state != AgentState::Stopping || m_channel == nullptr)
        return;
    ssh_channel_request_send_signal(m_channel, "TERM");
    m_connection->rearm();
    setState(AgentState::Stopping, QStringLiteral("sent SIGTERM"));
    m_stopTimer.disconnect();
    connect(&m_stopTimer, &QTimer::timeout, this, &AgentSession::onStopSignalDeadline);
    m_stopTimer.start(std::max(0, m_options.stopSignalMs));
}

void AgentSession::onStopSignalDeadline()
{
    if (m_state != AgentState::Stopping)
        return;
    finishExited(QStringLiteral("disconnected: the agent did not exit within %1 ms of SIGTERM")
                     .arg(m_options.stopSignalMs));
}

void AgentSession::onLaunchTimeout()
{
    if (isFinal(m_state) || m_state == AgentState::Running || m_state == AgentState::Stopping)
        return;
    const Error last = m_connection->lastError();
    QString message = QStringLiteral("no agent running within %1 ms (stuck %2 after %3 connection attempts")
                          .arg(m_options.launchTimeoutMs)
                          .arg(agentStateName(m_state))
                          .arg(m_connection->attempts());
    if (!last.message.isEmpty())
        message += QStringLiteral("; last error: ") + last.message;
    message += QLatin1Char(')');
    finishFailed(Error{ETIMEDOUT, endpointOf(m_target), message});
}

void AgentSession::onConnectionFailed(const Error &error)
{
    finishFailed(error);
}

void AgentSession::flushLines()
{
    for (const QString &text : m_stdoutLines->flush())
        emit line(AgentStream::Stdout, text);
    for (const QString &text : m_stderrLines->flush())
        emit line(AgentStream::Stderr, text);
}

void AgentSession::finishExited(const QString &detail)
{
    m_exit.stoppedByRequest = m_stopRequested;
    flushLines();
    teardown();
    setState(AgentState::Exited, detail);
    emit exited(m_exit);
    emit finished();
}

void AgentSession::finishFailed(const Error &error)
{
    flushLines();
    teardown();
    setState(AgentState::Failed, error.toString());
    emit failed(error);
    emit finished();
}

void AgentSession::abandon()
{
    m_state = AgentState::Failed;
    teardown();
}

void AgentSession::teardown()
{
    m_launchTimer.stop();
    m_keepaliveTimer.stop();
    m_idleTimer.stop();
    m_stopTimer.stop();
    if (m_channel != nullptr) {
        ssh_channel_free(m_channel); // sends a close if the channel is still open
        m_channel = nullptr;
    }
    if (m_connection != nullptr)
        m_connection->close();
}

void AgentSession::onExitStatus(ssh_session, ssh_channel, int status, void *self)
{
    auto *session = static_cast<AgentSession *>(self);
    session->m_exit.exitCode = status;
    session->m_exit.statusKnown = true;
}

void AgentSession::onExitSignal(ssh_session, ssh_channel, const char *signal, int, const char *, const char *,
                                void *self)
{
    auto *session = static_cast<AgentSession *>(self);
    session->m_exit.exitCode = -1;
    session->m_exit.signal = QString::fromLatin1(signal);
    session->m_exit.statusKnown = true;
}

} // namespace clonedeck
