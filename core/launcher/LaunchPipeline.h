#pragma once

// The seed's whole flow as one state machine: request a ticket, clone on it,
// resolve the clones' addresses, wait until SSH answers (no fixed sleep), start
// the agent, run it, and on its exit (or any failure, or cancel) tear down what
// was built: join or kill the clones and release the ticket. Every step records
// its times, outcome and output. Runs straight through or pauses after each step
// for manual testing. Platform calls run off the caller's thread; SSH runs on the
// AgentSessionManager's I/O thread.
#include "AgentTypes.h"
#include "LaunchProfile.h"

#include <QDateTime>
#include <QList>
#include <QObject>

#include <memory>

namespace clonedeck {

class AgentSessionManager;
class HostKeyPolicy;

class LaunchPipeline : public QObject
{
    Q_OBJECT
public:
    enum class Step
    {
        RequestTicket,
        Clone,
        ResolveAddress,
        WaitForSsh,
        StartAgent,
        Run,
        Teardown
    };
    Q_ENUM(Step)
    enum class StepState
    {
        Pending,
        Running,
        Succeeded,
        Failed,
        Skipped
    };
    Q_ENUM(StepState)

    struct StepRecord
    {
        Step step = Step::RequestTicket;
        StepState state = StepState::Pending;
        QDateTime started;
        QDateTime ended;
        QString output;
        qint64 durationMs() const
        {
            return started.isValid() && ended.isValid() ? started.msecsTo(ended) : -1;
        }
    };

    struct Endpoint
    {
        QString socketPath;      // the platform's xenstore socket
        int masterDomid = 1;     // the master the ticket is requested for
        QString defaultIdentity; // the platform's client key, used when the profile names none
    };

    struct Clone
    {
        int domid = 0;
        int vmid = 0;
        QString address;
        quint16 port = 0;
        AgentSessionId session = 0;
        std::optional<AgentExit> exit;
    };

    LaunchPipeline(Endpoint endpoint, LaunchProfile profile, AgentSessionManager *sessions,
                   std::shared_ptr<HostKeyPolicy> hostKeyPolicy, QObject *parent = nullptr);
    ~LaunchPipeline() override;

    void start(bool stepByStep = false);
    void proceed(); // continue after a pause
    void cancel();  // stop the agents and tear down now
    void writeStdin(const QByteArray &data);
    void closeStdin();

    const QList<StepRecord> &steps() const { return m_steps; }
    const QList<Clone> &clones() const { return m_clones; }
    QString ticket() const { return m_ticket; }
    bool isFinished() const { return m_finished; }
    int exitCode() const { return m_exitCode; }
    static QString stepName(Step step);

signals:
    void stepChanged(int index, const clonedeck::LaunchPipeline::StepRecord &record);
    void paused(int nextIndex);
    void agentOutput(clonedeck::AgentStream stream, const QByteArray &data);
    void finished(bool succeeded, int exitCode, const QString &error);

private:
    void runStep(int index);
    void beginStep(Step step, const QString &output = {});
    void completeStep(Step step, bool succeeded, const QString &output = {});
    void advance();
    void fail(const QString &error);
    void teardown();
    void finish();
    template<typename T, typename Work, typename Done>
    void offThread(Work work, Done done);

    void requestTicket();
    void cloneOnTicket();
    void resolveAddresses();
    void waitForSsh();
    void probeClones();
    void startAgents();
    AgentTarget targetFor(const Clone &clone) const;
    AgentLaunchOptions sessionOptions() const;

    void onStateChanged(AgentSessionId id, AgentState state, const QString &detail);
    void onProbeFinished(AgentSessionId id, bool reachable, const Error &error);
    void onExited(AgentSessionId id, const AgentExit &exit);
    void onFailed(AgentSessionId id, const Error &error);
    Clone *cloneFor(AgentSessionId id);

    Endpoint m_endpoint;
    LaunchProfile m_profile;
    AgentSessionManager *m_sessions;
    std::shared_ptr<HostKeyPolicy> m_hostKeyPolicy;
    QList<StepRecord> m_steps;
    int m_current = -1;
    bool m_stepByStep = false;
    bool m_cancelled = false;
    bool m_failed = false;
    bool m_finished = false;
    bool m_tearingDown = false;
    QString m_error;
    int m_exitCode = -1;
    QString m_ticket;
    QString m_cluster;
    QString m_masterAddress;
    quint16 m_masterPort = 0;
    qint64 m_masterCreatedMs = 0; // which master instance: the lineage its host key is pinned for
    QList<Clone> m_clones;
    AgentSessionId m_masterProbe = 0; // the lineage's first contact, before any clone
    QList<AgentSessionId> m_probes;
    int m_busy = 0;            // platform calls in flight
    QByteArray m_pendingStdin; // input that arrived before the agent started
    bool m_stdinClosed = false;
};

} // namespace clonedeck

Q_DECLARE_METATYPE(clonedeck::LaunchPipeline::StepRecord)
