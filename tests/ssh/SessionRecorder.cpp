#include "SessionRecorder.h"

namespace clonedeck::test {

bool RecordedSession::reached(AgentState state) const
{
    return count(state) > 0;
}

int RecordedSession::count(AgentState state) const
{
    int n = 0;
    for (const AgentStateChange &change : states)
        n += change.state == state ? 1 : 0;
    return n;
}

SessionRecorder::SessionRecorder(AgentSessionManager *manager)
{
    connect(manager, &AgentSessionManager::stateChanged, this,
            [this](AgentSessionId id, AgentState state, const QString &detail, const QDateTime &at) {
                m_sessions[id].states.append({state, detail, at});
            });
    // A direct connection observes the emitting thread itself.
    connect(
        manager, &AgentSessionManager::stateChanged, this,
        [this] {
            QMutexLocker lock(&m_mutex);
            m_threads.insert(QThread::currentThread());
        },
        Qt::DirectConnection);
    connect(manager, &AgentSessionManager::stdoutData, this,
            [this](AgentSessionId id, const QByteArray &data) { m_sessions[id].stdoutBytes += data; });
    connect(manager, &AgentSessionManager::stderrData, this,
            [this](AgentSessionId id, const QByteArray &data) { m_sessions[id].stderrBytes += data; });
    connect(manager, &AgentSessionManager::lineReceived, this,
            [this](AgentSessionId id, AgentStream stream, const QString &line) {
                (stream == AgentStream::Stdout ? m_sessions[id].stdoutLines : m_sessions[id].stderrLines)
                    .append(line);
            });
    connect(manager, &AgentSessionManager::exited, this, [this](AgentSessionId id, const AgentExit &exit) {
        m_sessions[id].exit = exit;
        recordFinish(id);
    });
    connect(manager, &AgentSessionManager::failed, this, [this](AgentSessionId id, const Error &error) {
        m_sessions[id].error = error;
        recordFinish(id);
    });
    connect(manager, &AgentSessionManager::probeFinished, this,
            [this](AgentSessionId id, bool reachable, const Error &error) {
                m_sessions[id].probeReachable = reachable;
                if (!reachable)
                    m_sessions[id].error = error;
                recordFinish(id);
            });
    connect(manager, &AgentSessionManager::idle, this,
            [this](AgentSessionId id) { ++m_sessions[id].idleCount; });
    connect(manager, &AgentSessionManager::hostKeyVerified, this,
            [this](AgentSessionId id, const QString &fingerprint, bool insecure) {
                m_sessions[id].fingerprint = fingerprint;
                m_sessions[id].insecure = insecure;
            });
}

void SessionRecorder::recordFinish(AgentSessionId id)
{
    // The manager counts a session finished just before it emits exited/failed/probeFinished,
    // on one thread, so these queued signals arrive in its order.
    if (!m_finishOrder.contains(id))
        m_finishOrder.append(id);
}

QSet<QThread *> SessionRecorder::emittingThreads() const
{
    QMutexLocker lock(&m_mutex);
    return m_threads;
}

} // namespace clonedeck::test
