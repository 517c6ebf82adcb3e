#pragma once

// Runs agent sessions over SSH for the whole process on ONE I/O thread that it owns: every
// libssh session is driven non-blocking from there, so hundreds of agents need no thread
// each and no caller ever waits on SSH. The public calls are thread-safe and return at once;
// results arrive as signals emitted from the I/O thread (queued to receivers elsewhere).
// Output flows only as fast as it is acknowledged (OutputAcknowledgement): a slow consumer
// holds the agent back through SSH's window instead of growing this process. What it keeps
// is bounded too: per stream the last outputLines lines and outputBytes of text, and at most
// kFinishedSessionsKept finished sessions holding at most kFinishedOutputBytesKept of text.
// It also guards against launching two agents for the same clone by accident.
#include "AgentTypes.h"
#include "Error.h"

#include <QHash>
#include <QMutex>
#include <QObject>

#include <deque>
#include <memory>

class QThread;

namespace clonedeck {

class AgentSession;
class HostKeyPolicy;
class LineBuffer;

class AgentSessionManager : public QObject
{
    Q_OBJECT

public:
    static constexpr int kFinishedSessionsKept = 200;
    static constexpr qint64 kFinishedOutputBytesKept = 8 * 1024 * 1024;

    explicit AgentSessionManager(std::shared_ptr<HostKeyPolicy> defaultPolicy, QObject *parent = nullptr);
    ~AgentSessionManager() override;

    // Starts connecting at once. Refused (EBUSY) while another session for the same
    // (cluster, domid) is live.
    Result<AgentSessionId> launch(const AgentTarget &target, const AgentLaunchOptions &options);
    // "Does SSH answer with an acceptable host key?" Retries like launch (connectRetries,
    // backoff, launchTimeoutMs); reports probeFinished. No authentication, no guard.
    AgentSessionId probe(const AgentTarget &target, const AgentLaunchOptions &options);

    void writeStdin(AgentSessionId id, const QByteArray &data);
    void closeStdin(AgentSessionId id);
    // Graceful: EOF on stdin, then SIGTERM, then disconnect, each after its deadline.
    void stop(AgentSessionId id);

    // For sessions launched afterwards. Default OnDelivery (see OutputAcknowledgement).
    void setOutputAcknowledgement(OutputAcknowledgement mode);
    // ByConsumer: the consumer has written or shown this many more bytes of the session's
    // output (stdout and stderr together). Thread-safe.
    void acknowledgeOutput(AgentSessionId id, qint64 bytes);

    std::optional<AgentSessionInfo> info(AgentSessionId id) const;
    QStringList recentLines(AgentSessionId id, AgentStream stream) const;
    int liveSessionCount() const;
    // The live sessions on one platform's domains (AgentTarget::platform); O(1), for the dashboard.
    int liveSessionCount(const QString &platform) const;
    // Finished sessions are kept for the UI until discarded (the oldest go first beyond
    // kFinishedSessionsKept sessions or kFinishedOutputBytesKept of their text).
    void discard(AgentSessionId id);
    QThread *ioThread() const { return m_thread; }

signals:
    void stateChanged(clonedeck::AgentSessionId id, clonedeck::AgentState state, const QString &detail,
                      const QDateTime &at);
    void hostKeyVerified(clonedeck::AgentSessionId id, const QString &fingerprint, bool insecure);
    void stdoutData(clonedeck::AgentSessionId id, const QByteArray &data);
    void stderrData(clonedeck::AgentSessionId id, const QByteArray &data);
    void lineReceived(clonedeck::AgentSessionId id, clonedeck::AgentStream stream, const QString &line);
    void stdinWritten(clonedeck::AgentSessionId id, qint64 bytes);
    void idle(clonedeck::AgentSessionId id);
    void exited(clonedeck::AgentSessionId id, const clonedeck::AgentExit &exit);
    void failed(clonedeck::AgentSessionId id, const clonedeck::Error &error);
    void probeFinished(clonedeck::AgentSessionId id, bool reachable, const clonedeck::Error &error);

private:
    struct Record
    {
        AgentSessionInfo info;
        QString guardKey;
        bool finished = false;
        qint64 finishedBytes = 0; // its text, counted once it finished
        std::shared_ptr<LineBuffer> stdoutLines;
        std::shared_ptr<LineBuffer> stderrLines;
    };

    AgentSessionId create(const AgentTarget &target, const AgentLaunchOptions &options, bool probe,
                          const QString &guardKey);
    void startInIoThread(AgentSessionId id, const AgentTarget &target, const AgentLaunchOptions &options,
                         bool probe, std::shared_ptr<LineBuffer> out, std::shared_ptr<LineBuffer> err,
                         OutputAcknowledgement acknowledgement);
    void wire(AgentSessionId id, AgentSession *session, OutputAcknowledgement acknowledgement);
    void onSessionFinished(AgentSessionId id);
    void dropOldFinishedLocked();
    template<typename Function>
    void onSession(AgentSessionId id, Function function);
    static QString guardKeyOf(const AgentTarget &target);

    std::shared_ptr<HostKeyPolicy> m_defaultPolicy;
    QThread *m_thread = nullptr;
    QObject *m_ioContext = nullptr;                   // lives in m_thread; parent of all sessions
    QHash<AgentSessionId, AgentSession *> m_sessions; // I/O thread only

    mutable QMutex m_mutex; // guards everything below
    AgentSessionId m_nextId = 1;
    QHash<AgentSessionId, Record> m_records;
    QHash<QString, AgentSessionId> m_liveByClone;
    std::deque<AgentSessionId> m_finished;
    qint64 m_finishedBytes = 0; // text kept by the finished sessions
    int m_live = 0;
    QHash<QString, int> m_liveByPlatform;
    OutputAcknowledgement m_acknowledgement = OutputAcknowledgement::OnDelivery;
};

} // namespace clonedeck
