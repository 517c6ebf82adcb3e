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
// A peer may send up to the SSH window libssh granted (~1.25 MB) after we stopped reading;
// far more than that is a peer that ignores the window.
constexpr qint64 kPeerOverrunBytes = 4 * 1024 * 1024;

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
    , m_output(m_options.outputWindowBytes)
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
    m_callbacks.channel_data_function = &AgentSession::onChannelData;
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
    qint64 budget = kReadBudgetPerWakeup;
    if (!m_connectionLost) {
        if (ssh_get_poll_flags(session) & SSH_WRITE_PENDING)
            ssh_blocking_flush(session, 0);
        readIncoming(budget);
    }
    deliverOutput();
    if (isFinal(m_state))
        return;
    if (m_connectionLost) {
        if (!m_output.hasPending())
            finishLost();
        return; // the rest waits for the consumer's acknowledgements
    }
    flushStdin();
    if (isFinal(m_state))
        return;
    checkCompletion();
    if (isFinal(m_state))
        return;
    if (budget <= 0)
        schedulePump();
    m_connection->rearm();
}

void AgentSession::readIncoming(qint64 &budget)
{
    updateOutputPause(); // acknowledgements may have freed half the window
    // Each poll processes what one read of the socket brought (4 KiB at most); the data callback
    // queues it. A read that completed no packet (a 32 KiB packet takes eight) is progress too:
    // stopping there waited for the next wake-up per 4 KiB of output.
    while (budget > 0 && !m_output.isPaused()) {
        const qint64 before = m_output.received();
        const quint64 readBefore = m_connection->bytesRead();
        if (ssh_channel_poll(m_channel, 0) == SSH_ERROR) {
            m_connectionLost = true;
            m_lostReason = QString::fromUtf8(ssh_get_error(m_connection->session()));
            return;
        }
        const qint64 got = m_output.received() - before;
        const qint64 read = qint64(m_connection->bytesRead() - readBefore);
        if (got == 0 && read == 0)
            return; // nothing more for now, or the end of the output
        budget -= std::max(got, read);
        updateOutputPause();
    }
}

void AgentSession::deliverOutput()
{
    if (m_output.pendingBytes() > m_output.window() + kPeerOverrunBytes) {
        finishFailed(Error{EPROTO, endpointOf(m_target),
                           QStringLiteral("the agent's host sends beyond the SSH window (no flow control)")});
        return;
    }
    while (std::optional<AgentOutputQueue::Chunk> chunk = m_output.take()) {
        if (m_options.idleSeconds > 0)
            m_idleTimer.start(m_options.idleSeconds * 1000);
        LineBuffer &lines = chunk->stream == AgentStream::Stdout ? *m_stdoutLines : *m_stderrLines;
        // Lines first: an acknowledgement on delivery of the bytes then covers their lines too.
        for (const QString &text : lines.append(chunk->data))
            emit line(chunk->stream, text);
        emit output(chunk->stream, chunk->data);
    }
    updateOutputPause();
}

void AgentSession::updateOutputPause()
{
    if (!m_output.updatePause())
        return;
    m_connection->setReadPaused(m_output.isPaused());
    emit outputPaused(m_output.isPaused());
}

void AgentSession::acknowledgeOutput(qint64 bytes)
{
    m_output.acknowledge(bytes);
    // Queued output or data libssh already holds raises no socket event: go on from here.
    if ((m_output.hasPending() || m_output.isPaused()) && !isFinal(m_state))
        schedulePump();
}

int AgentSession::onChannelData(ssh_session, ssh_channel, void *data, uint32_t len, int isStderr, void *self)
{
    auto *session = static_cast<AgentSession *>(self);
    session->m_output.receive(isStderr ? AgentStream::Stderr : AgentStream::Stdout,
                              static_cast<const char *>(data), qint64(len));
    return int(len); // all of it: nothing stays behind in libssh
}

void AgentSession::flushStdin()
{
    if (m_channel == nullptr || (m_state != AgentState::Running && m_state != AgentState::Stopping))
        return;
    const Result<qint64> written = m_stdin.flush(m_channel, m_connection->session());
    if (!written.ok()) {
        finishFailed(
            Error{ECONNRESET, endpointOf(m_target),
                  QStringLiteral("cannot write to the agent's stdin: %1").arg(written.error().message)});
        return;
    }
    if (written.value() > 0)
        emit stdinWritten(written.value());
}

void AgentSession::checkCompletion()
{
    if (!ssh_channel_is_eof(m_channel) || m_output.hasPending())
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

void AgentSession::finishLost()
{
    if (m_exit.statusKnown || m_stopRequested) {
        finishExited(QStringLiteral("connection closed"));
        return;
    }
    finishFailed(Error{ECONNRESET, endpointOf(m_target),
                       QStringLiteral("connection lost while the agent was running: %1").arg(m_lostReason)});
}

void AgentSession::writeStdin(const QByteArray &data)
{
    if (isFinal(m_state) || m_stdin.eofRequested())
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
    m_stdin.requestEof();
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
    m_stdin.discard();
    m_stdin.requestEof();
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
