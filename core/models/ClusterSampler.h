#pragma once

// The dashboard's history: every period (1 s) one point on each series — clones, running
// agents, pending and granted tickets, clone and join rates, free vCPUs and memory per host —
// whatever happened in between. Follows every platform (host) the console drives: the series
// above are the sums over them, and clones, agents and tickets also have a series per platform
// (platformKey). A storm of changes only moves counters (O(1) per change, kept
// from the mirror's diffs); a sample costs the same whether nothing or a thousand things
// changed (O(series)). Lives as long as the console (ConsoleCore owns it), so the history
// covers the last hour (TimeSeries bounds it) from the console's start, on any tab.
// Widget-free: the console, tests and a benchmark read the same series.
#include "TimeSeries.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QObject>
#include <QStringList>
#include <QTimer>

#include <array>
#include <functional>
#include <map>
#include <memory>

namespace clonedeck {

class AgentSessionManager;
class ClusterMirror;
class PlatformConnection;
class PlatformConnections;
struct DomainInfo;
struct TicketInfo;

class ClusterSampler : public QObject
{
    Q_OBJECT
public:
    static constexpr int kPeriodMs = 1000;
    static constexpr qint64 kHistoryMs = 3600 * 1000;

    // Series keys. Per-host series are keyed by the host's name, so hosts of several platforms fit.
    static inline const QString kClones = QStringLiteral("clones");
    static inline const QString kRunningAgents = QStringLiteral("agents.running");
    static inline const QString kPendingTickets = QStringLiteral("tickets.pending");
    static inline const QString kGrantedTickets = QStringLiteral("tickets.granted");
    static inline const QString kCloneRate = QStringLiteral("rate.clones"); // clones started per second
    static inline const QString kJoinRate = QStringLiteral("rate.joins");   // clones ended per second
    static QString hostFreeVcpusKey(const QString &host);
    static QString hostFreeMemoryKey(const QString &host);
    // One platform's own series of kClones, kRunningAgents, kPendingTickets or kGrantedTickets.
    static QString platformKey(const QString &platform, const QString &series);
    // How a host of a platform is named in the host series and the capacity table: the primary's
    // hosts by their own names (one platform: as before), another platform's as "platform: host".
    static QString hostLabel(const QString &platform, const QString &host, bool primary);

    // Follows every platform there is and will be (a removed one's series keep their history).
    // sessions: where the running agents are counted; null: those series stay at 0.
    ClusterSampler(PlatformConnections *platforms, AgentSessionManager *sessions, QObject *parent = nullptr);
    ~ClusterSampler() override;

    // Samples every periodMs from now on (the first sample is taken at once).
    void start(int periodMs = kPeriodMs);
    void stop();
    // Takes one sample now: one point on every series.
    void sample();

    int periodMs() const { return m_periodMs; }
    qint64 nowMs() const { return m_clock.elapsed(); }  // the sampler's clock: ms since it was made
    QDateTime startedAt() const { return m_startedAt; } // the wall-clock time of ms 0 (UTC)
    qint64 samples() const { return m_samples; }
    QStringList keys() const { return m_keys; } // in the order the series appeared
    const TimeSeries *series(const QString &key) const;

    // A series read at every sample, e.g. a per-domain resource figure. The read must be cheap:
    // it runs on the GUI thread once a period.
    void addProbe(const QString &key, std::function<double()> read);

signals:
    void sampled(qint64 ms);
    void seriesAdded(const QString &key);

private:
    // Kept current from one platform's mirror diffs between samples.
    struct Counts
    {
        PlatformConnection *platform = nullptr;
        // Holds the connections to its mirror: gone with the platform's removal or with this sampler.
        std::shared_ptr<QObject> context;
        int clones = 0;
        std::array<int, 6> ticketsByState{}; // indexed by TicketState
        int clonesStarted = 0;               // since the last sample
        int clonesEnded = 0;
    };

    void follow(PlatformConnection *platform);
    Counts *countsOf(const QString &platform);
    void countDomain(Counts &counts, const DomainInfo &domain, int sign);
    void countTicket(Counts &counts, const TicketInfo &ticket, int sign);
    // A slot for a record's change on one platform: uncounts the old record, counts the new.
    template<typename Info>
    auto recount(const QString &platform, void (ClusterSampler::*count)(Counts &, const Info &, int));
    void append(const QString &key, qint64 ms, double value);
    void sampleHosts(const Counts &counts, qint64 ms);

    PlatformConnections *m_platforms;
    AgentSessionManager *m_sessions;
    QElapsedTimer m_clock;
    QDateTime m_startedAt;
    QTimer m_timer;
    int m_periodMs = kPeriodMs;
    qint64 m_samples = 0;
    qint64 m_lastSampleMs = -1;
    std::map<QString, TimeSeries> m_series;
    QStringList m_keys;
    std::map<QString, std::function<double()>> m_probes;
    std::map<QString, Counts> m_counts; // by platform (connection) name
};

} // namespace clonedeck
