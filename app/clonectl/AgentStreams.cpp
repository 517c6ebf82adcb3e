#include "AgentStreams.h"

#include "AgentSessionManager.h"
#include "LaunchPipeline.h"
#include "Log.h"
#include "NonBlockingOutput.h"

#include <QSocketNotifier>

#include <algorithm>
#include <cerrno>
#include <unistd.h>

namespace clonedeck::cli {

AgentStreams::AgentStreams(AgentSessionManager *sessions, LaunchPipeline *pipeline, QObject *parent)
    : QObject(parent)
    , m_sessions(sessions)
    , m_pipeline(pipeline)
{
    m_sessions->setOutputAcknowledgement(OutputAcknowledgement::ByConsumer);
    m_stdout = new NonBlockingOutput(STDOUT_FILENO, this);
    m_stderr = new NonBlockingOutput(STDERR_FILENO, this);
    for (NonBlockingOutput *output : {m_stdout, m_stderr}) {
        connect(output, &NonBlockingOutput::written, this,
                [this](AgentSessionId id, qint64 bytes) { m_sessions->acknowledgeOutput(id, bytes); });
        connect(output, &NonBlockingOutput::drained, this, [this] {
            if (isDrained())
                emit drained();
        });
    }
    connect(m_stdout, &NonBlockingOutput::broken, this, &AgentStreams::stdoutClosed);
    connect(m_stderr, &NonBlockingOutput::broken, this, [](const QString &reason) {
        spdlog::warn("cannot write the agent's stderr ({}): discarding it", reason);
    });
    connect(m_sessions, &AgentSessionManager::stdoutData, this,
            [this](AgentSessionId id, const QByteArray &data) { m_stdout->write(id, data); });
    connect(m_sessions, &AgentSessionManager::stderrData, this,
            [this](AgentSessionId id, const QByteArray &data) { m_stderr->write(id, data); });

    connect(m_sessions, &AgentSessionManager::stdinWritten, this, [this](AgentSessionId id, qint64 bytes) {
        m_stdinWritten[id] += bytes;
        updateStdinReading();
    });
    connect(m_sessions, &AgentSessionManager::exited, this,
            [this](AgentSessionId id) { onSessionEnded(id); });
    connect(m_sessions, &AgentSessionManager::failed, this,
            [this](AgentSessionId id) { onSessionEnded(id); });
    m_stdin = new QSocketNotifier(STDIN_FILENO, QSocketNotifier::Read, this);
    connect(m_stdin, &QSocketNotifier::activated, this, &AgentStreams::readStdin);
}

AgentStreams::~AgentStreams() = default;

bool AgentStreams::isDrained() const
{
    return m_stdout->pendingBytes() == 0 && m_stderr->pendingBytes() == 0;
}

void AgentStreams::readStdin()
{
    char buffer[65536];
    const qint64 wanted = std::min<qint64>(qint64(sizeof buffer), kStdinWindow);
    const ssize_t n = ::read(STDIN_FILENO, buffer, size_t(wanted));
    if (n < 0 && (errno == EINTR || errno == EAGAIN))
        return;
    if (n > 0) {
        m_stdinRead += n;
        m_pipeline->writeStdin(QByteArray(buffer, n));
    } else {
        // End of our stdin (or it cannot be read): the agents' stdin ends too.
        m_stdinEnded = true;
        m_pipeline->closeStdin();
    }
    updateStdinReading();
}

qint64 AgentStreams::slowestStdinWritten() const
{
    std::optional<qint64> slowest;
    bool anyEnded = false;
    for (const LaunchPipeline::Clone &clone : m_pipeline->clones()) {
        if (clone.session == 0)
            continue;
        if (m_ended.contains(clone.session)) {
            anyEnded = true;
            continue;
        }
        const qint64 written = m_stdinWritten.value(clone.session);
        slowest = slowest ? std::min(*slowest, written) : written;
    }
    if (slowest)
        return *slowest;
    // No agent left to take it: what we read is dropped, so reading may go on. None yet: the
    // pipeline keeps it until they start.
    return anyEnded ? m_stdinRead : 0;
}

void AgentStreams::updateStdinReading()
{
    if (m_stdinEnded) {
        m_stdin->setEnabled(false);
        return;
    }
    m_stdin->setEnabled(m_stdinRead - slowestStdinWritten() < kStdinWindow);
}

void AgentStreams::onSessionEnded(AgentSessionId id)
{
    m_ended.insert(id);
    m_stdinWritten.remove(id);
    updateStdinReading();
}

} // namespace clonedeck::cli
