#pragma once

// Records everything an AgentSessionManager reports, per session, on the test's thread, so
// tests can wait for outcomes with QTRY_* and then inspect them.
#include "AgentSessionManager.h"

#include <QHash>
#include <QObject>
#include <QThread>

#include <optional>

namespace clonedeck::test {

struct RecordedSession
{
    QList<AgentStateChange> states;
    QByteArray stdoutBytes;
    QByteArray stderrBytes;
    QStringList stdoutLines;
    QStringList stderrLines;
    std::optional<AgentExit> exit;
    std::optional<Error> error;
    std::optional<bool> probeReachable;
    int idleCount = 0;
    bool insecure = false;
    QString fingerprint;

    bool finished() const { return exit.has_value() || error.has_value() || probeReachable.has_value(); }
    bool reached(AgentState state) const;
    int count(AgentState state) const;
};

class SessionRecorder : public QObject
{
    Q_OBJECT

public:
    explicit SessionRecorder(AgentSessionManager *manager);

    RecordedSession &operator[](AgentSessionId id) { return m_sessions[id]; }
    // The sessions in the order the manager reported them finished.
    QList<AgentSessionId> finishOrder() const { return m_finishOrder; }
    // Threads that emitted the manager's signals (via direct connections).
    QSet<QThread *> emittingThreads() const;

private:
    void recordFinish(AgentSessionId id);

    QHash<AgentSessionId, RecordedSession> m_sessions;
    QList<AgentSessionId> m_finishOrder;
    mutable QMutex m_mutex;
    QSet<QThread *> m_threads;
};

} // namespace clonedeck::test
