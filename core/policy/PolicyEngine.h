#pragma once

// The elastic policy of one cluster: grows it when demand has exceeded the
// running agents for the in-demand delay, shrinks it when agents stay idle past
// the idle delay (down to the minimum), retries EBUSY with backoff instead of
// spinning, and reaps orphans (clones no agent owns, agents whose clone
// vanished) as soon as the mirror's watches show them. Every decision is an
// event with its reason; in dry-run mode decisions are shown, not carried out.
// Across several hosts (PolicyHosts) each scale-up goes to a host with room, by the policy's
// placement; a host that becomes unreachable is skipped, and its clones count as unknown
// (neither active nor gone) until it returns.
#include "DemandSource.h"
#include "LaunchPipeline.h"
#include "LaunchServices.h"
#include "PolicyConfig.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QList>
#include <QObject>
#include <QTimer>

#include <memory>

namespace clonedeck {

struct DomainInfo;

struct PolicyDecision
{
    enum class Kind
    {
        ScaleUp,
        ScaleDown,
        Reap,
        Replace,
        Retry,
        Hold,
        Error
    };
    QDateTime at;
    Kind kind = Kind::Hold;
    int count = 0;
    int domid = -1;
    QString reason;
    bool executed = false;

    static QString kindName(Kind kind);
    QString toString() const;
};

class PolicyHosts;

class PolicyEngine : public QObject
{
    Q_OBJECT
public:
    // defaultIdentity: the platform's client key, for profiles that name no identity.
    PolicyEngine(PolicyConfig config, const LaunchServices &services, QString defaultIdentity,
                 std::unique_ptr<DemandSource> demand, QObject *parent = nullptr);
    ~PolicyEngine() override;

    void start();
    void stop(); // stops every agent it started and tears their clones down

    int demand() const { return m_demand; }
    int active() const;  // launching or running
    int running() const; // agent running
    int unknown() const; // on a host that is unreachable now: not counted as active
    // The policy's clones (launching or running) per host ("" when it places on one platform only).
    QHash<QString, int> perHost() const;
    int workerCount() const { return int(m_workers.size()); } // including those being torn down
    bool isRunning() const { return m_running; }
    const PolicyConfig &config() const { return m_config; }
    const QList<PolicyDecision> &decisions() const { return m_decisions; }
    qint64 nextDecisionInMs() const;
    DemandSource *demandSource() const { return m_source.get(); }

signals:
    void decided(const clonedeck::PolicyDecision &decision);
    void changed(); // demand, active or running changed

private:
    struct Worker
    {
        LaunchPipeline *pipeline = nullptr;
        QString host; // where it runs (a connection's name; "" on the one platform)
        QElapsedTimer lastActivity;
        bool stopping = false;
    };

    void evaluate();
    void decide(PolicyDecision::Kind kind, int count, int domid, const QString &reason, bool execute);
    bool launchWorker(); // false: no reachable host has room
    void onWorkerFinished(LaunchPipeline *pipeline, bool succeeded, const QString &error);
    void reapOrphans();
    void onDomainRemoved(const QString &host, const DomainInfo &domain);
    void onReachabilityChanged(const QString &host, bool reachable, const QString &reason);
    int resourceRoom() const;

    PolicyConfig m_config;
    LaunchServices m_services;
    PolicyHosts *m_hosts;
    QString m_defaultIdentity;
    std::unique_ptr<DemandSource> m_source;
    QList<Worker> m_workers;
    QList<PolicyDecision> m_decisions;
    int m_demand = 0;
    QElapsedTimer m_inDemandSince; // invalid while demand <= active
    QElapsedTimer m_lastScaleUp;
    qint64 m_busyBackoffMs = 0; // after EBUSY: wait this long before growing again
    QElapsedTimer m_busySince;
    int m_simulatedActive = 0;              // dry run: agents the shown scale-ups would run
    QElapsedTimer m_simulatedSurplusSince;  // dry run: since demand fell below them
    QTimer m_timer;                         // the next moment a decision may change
    QSet<std::pair<QString, int>> m_reaped; // (host, domid)
    bool m_running = false;
};

} // namespace clonedeck

Q_DECLARE_METATYPE(clonedeck::PolicyDecision)
