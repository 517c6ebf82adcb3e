#pragma once

// The seed's whole flow as one run: request a ticket, clone on it, resolve the clones'
// addresses, contact the lineage's master and then the clones until SSH answers (no
// fixed sleep), start the agent, run it, and on its exit (or any failure, or cancel)
// tear down what was built: join or kill the clones and end the ticket. It is the one
// launch choreography, told as steps: CloneSpawn does ticket -> clone (as the
// console's "Spawn clones" does), MasterFirstContact the master-first probe (as
// AgentLauncher does). Every step records its times, outcome and output. Runs straight
// through or pauses after each step for manual testing. Platform calls go through the
// gateway (cancelling gives up the one in flight); SSH runs on the AgentSessionManager's
// I/O thread.
#include "AgentTypes.h"
#include "LaunchProfile.h"
#include "LaunchServices.h"
#include "PlatformRecords.h"

#include <QDateTime>
#include <QList>
#include <QObject>

#include <memory>

namespace clonedeck {

class CloneSpawn;
class HostKeyPolicy;
class MasterFirstContact;

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
    // Where the run stands: Paused between steps when run step by step; TearingDown from the
    // first failure, a cancel or the agents' exit until everything built is gone.
    enum class State
    {
        Ready,
        Running,
        Paused,
        TearingDown,
        Finished
    };
    // How it ended (Pending until it has).
    enum class Outcome
    {
        Pending,
        Succeeded,
        Failed,
        Cancelled
    };

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
        int masterDomid = 1;     // the master the ticket is requested for
        QString defaultIdentity; // used when the profile names none; empty: the platform record's client key
    };

    struct Clone
    {
        int domid = 0;
        AgentTarget target;
        AgentSessionId session = 0;
        std::optional<AgentExit> exit;
    };

    LaunchPipeline(const LaunchServices &services, Endpoint endpoint, LaunchProfile profile,
                   QObject *parent = nullptr);
    ~LaunchPipeline() override;

    void start(bool stepByStep = false);
    void proceed(); // continue after a pause
    void cancel();  // stop the agents and tear down now
    void writeStdin(const QByteArray &data);
    void closeStdin();

    const QList<StepRecord> &steps() const { return m_steps; }
    const QList<Clone> &clones() const { return m_clones; }
    QString ticket() const;
    State state() const { return m_state; }
    Outcome outcome() const { return m_outcome; }
    bool isFinished() const { return m_state == State::Finished; }
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
    bool isCurrent(Step step) const; // the step still runs: a late answer to anything else is dropped
    void advance();
    void fail(const QString &error);
    void teardown();
    void finish(const QString &teardownError);

    void requestTicket();
    void cloneOnTicket();
    void resolveAddresses();
    void waitForSsh();
    void probeClones();
    void startAgents();
    void runAgents();
    AgentLaunchOptions sessionOptions() const;

    void completeStartIfAllStarted();
    void onProbeFinished(AgentSessionId id, bool reachable, const Error &error);
    void onExited(AgentSessionId id, const AgentExit &exit);
    void onFailed(AgentSessionId id, const Error &error);
    Clone *cloneFor(AgentSessionId id);

    LaunchServices m_services;
    Endpoint m_endpoint;
    LaunchProfile m_profile;
    std::shared_ptr<HostKeyPolicy> m_hostKeyPolicy;
    CloneSpawn *m_spawn;
    MasterFirstContact *m_contact;
    QList<StepRecord> m_steps;
    int m_current = -1;
    bool m_stepByStep = false;
    State m_state = State::Ready;
    Outcome m_outcome = Outcome::Pending;
    QString m_error;
    int m_exitCode = -1;
    DomainInfo m_master;
    QList<Clone> m_clones;
    QList<AgentSessionId> m_probes;
    QByteArray m_pendingStdin; // input that arrived before the agent started
    bool m_stdinClosed = false;
};

} // namespace clonedeck

Q_DECLARE_METATYPE(clonedeck::LaunchPipeline::StepRecord)
