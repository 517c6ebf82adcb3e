#pragma once

// One agent on one clone, on the SSH I/O thread: an SshConnection, then an exec channel
// running the agent command; stdout/stderr streamed as bytes and as lines, only as fast as
// the consumer acknowledges them (at most outputWindowBytes unacknowledged: then it stops
// reading, and SSH's window makes the agent wait), stdin forwarded with the channel window
// as back-pressure, exit status or signal reported, and a graceful
// stop (EOF, then TERM, then disconnect, each with a deadline). Also serves as the
// reachability probe (no channel; ends once the host key is accepted).
#include "AgentOutputQueue.h"
#include "AgentStdin.h"
#include "AgentTypes.h"
#include "Error.h"
#include "HostKey.h"
#include "LineBuffer.h"

#include <QObject>
#include <QTimer>

#include <libssh/callbacks.h>

#include <memory>

struct ssh_channel_struct;

namespace clonedeck {

class SshConnection;

class AgentSession : public QObject
{
    Q_OBJECT

public:
    enum class Mode
    {
        Agent,
        Probe
    };

    AgentSession(AgentTarget target, AgentLaunchOptions options, std::shared_ptr<HostKeyPolicy> policy,
                 Mode mode, std::shared_ptr<LineBuffer> stdoutLines, std::shared_ptr<LineBuffer> stderrLines,
                 QObject *parent = nullptr);
    ~AgentSession() override;

    void start();
    void writeStdin(const QByteArray &data);
    void closeStdin();
    void stop();
    // The consumer has taken this many bytes of the output (both streams) emitted so far.
    void acknowledgeOutput(qint64 bytes);
    // Immediate teardown without signals (the manager is shutting down).
    void abandon();

    AgentState state() const { return m_state; }

signals:
    void stateChanged(clonedeck::AgentState state, const QString &detail, const QDateTime &at);
    void hostKeyVerified(const QString &fingerprint, bool insecure);
    void output(clonedeck::AgentStream stream, const QByteArray &data);
    void line(clonedeck::AgentStream stream, const QString &text);
    void stdinWritten(qint64 bytes);
    void outputPaused(bool paused); // reached its output window / was acknowledged below it
    void idle();
    void exited(const clonedeck::AgentExit &exit);
    void failed(const clonedeck::Error &error);
    void probeSucceeded();
    void finished(); // last signal; the session may be deleted after it

private:
    void setState(AgentState state, const QString &detail);
    void onEstablished();
    void onConnectionFailed(const Error &error);
    void onLaunchTimeout();
    void pump();
    void stepStart();
    void readIncoming(qint64 &budget);
    void deliverOutput();
    void flushStdin();
    void checkCompletion();
    void finishLost();
    void onStopEofDeadline();
    void onStopSignalDeadline();
    void finishExited(const QString &detail);
    void finishFailed(const Error &error);
    void teardown();
    void flushLines();
    void schedulePump();
    void updateOutputPause();

    static int onChannelData(ssh_session session, ssh_channel channel, void *data, uint32_t len, int isStderr,
                             void *self);
    static void onExitStatus(ssh_session session, ssh_channel channel, int status, void *self);
    static void onExitSignal(ssh_session session, ssh_channel channel, const char *signal, int core,
                             const char *message, const char *language, void *self);

    AgentTarget m_target;
    AgentLaunchOptions m_options;
    Mode m_mode;
    AgentState m_state = AgentState::Connecting;
    SshConnection *m_connection = nullptr;
    ssh_channel_struct *m_channel = nullptr;
    struct ssh_channel_callbacks_struct m_callbacks
    {
    }; // zeroed: libssh calls every non-null member
    enum class StartStep
    {
        Open,
        Exec
    } m_startStep = StartStep::Open;

    std::shared_ptr<LineBuffer> m_stdoutLines;
    std::shared_ptr<LineBuffer> m_stderrLines;
    AgentStdin m_stdin;
    bool m_stopRequested = false;
    bool m_pumpScheduled = false;
    AgentOutputQueue m_output;
    bool m_connectionLost = false; // what was received still goes out before the end is reported
    QString m_lostReason;
    AgentExit m_exit;

    QTimer m_launchTimer;
    QTimer m_keepaliveTimer;
    QTimer m_idleTimer;
    QTimer m_stopTimer;
};

} // namespace clonedeck
