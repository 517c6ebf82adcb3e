#pragma once

// Wires the agents of one `clonectl launch` to clonectl's own stdin, stdout and stderr, with
// flow control both ways, so a slow or stalled reader or writer on either side holds the agent
// back instead of growing this process:
// - the agents' output is acknowledged to their sessions (OutputAcknowledgement::ByConsumer)
//   only as our stdout/stderr take it, written without blocking (NonBlockingOutput);
// - our stdin is read only while the slowest live agent session has written all but at most
//   kStdinWindow of it to its channel (before the agents start, the pipeline holds that much).
#include "AgentTypes.h"

#include <QHash>
#include <QObject>
#include <QSet>

class QSocketNotifier;

namespace clonedeck {
class AgentSessionManager;
class LaunchPipeline;
} // namespace clonedeck

namespace clonedeck::cli {

class NonBlockingOutput;

class AgentStreams : public QObject
{
    Q_OBJECT
public:
    static constexpr qint64 kStdinWindow = 256 * 1024;

    // Call before the pipeline launches anything: it switches sessions to ByConsumer.
    AgentStreams(AgentSessionManager *sessions, LaunchPipeline *pipeline, QObject *parent = nullptr);
    ~AgentStreams() override;

    // Everything the agents wrote has been written out (or discarded after our reader left).
    bool isDrained() const;

signals:
    void stdoutClosed(const QString &reason); // our stdout's reader went away
    void drained();

private:
    void readStdin();
    void updateStdinReading();
    qint64 slowestStdinWritten() const;
    void onSessionEnded(AgentSessionId id);

    AgentSessionManager *m_sessions;
    LaunchPipeline *m_pipeline;
    NonBlockingOutput *m_stdout = nullptr;
    NonBlockingOutput *m_stderr = nullptr;
    QSocketNotifier *m_stdin = nullptr;
    qint64 m_stdinRead = 0;
    bool m_stdinEnded = false;
    QHash<AgentSessionId, qint64> m_stdinWritten; // per agent session, what reached its channel
    QSet<AgentSessionId> m_ended;
};

} // namespace clonedeck::cli
