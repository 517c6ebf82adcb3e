#include "ClusterSampler.h"

#include "AgentSessionManager.h"
#include "ClusterMirror.h"
#include "PlatformConnection.h"
#include "PlatformConnections.h"

namespace clonedeck {

QString ClusterSampler::hostFreeVcpusKey(const QString &host)
{
    return QStringLiteral("host/%1/free-vcpus").arg(host);
}

QString ClusterSampler::hostFreeMemoryKey(const QString &host)
{
    return QStringLiteral("host/%1/free-memory-mb").arg(host);
}

QString ClusterSampler::platformKey(const QString &platform, const QString &series)
{
    return QStringLiteral("platform/%1/%2").arg(platform, series);
}

QString ClusterSampler::hostLabel(const QString &platform, const QString &host, bool primary)
{
    return primary ? host : QStringLiteral("%1: %2").arg(platform, host);
}

ClusterSampler::ClusterSampler(PlatformConnections *platforms, AgentSessionManager *sessions, QObject *parent)
    : QObject(parent)
    , m_platforms(platforms)
    , m_sessions(sessions)
    , m_startedAt(QDateTime::currentDateTimeUtc())
{
    m_clock.start();
    m_platforms->follow(
        this, [this](PlatformConnection *platform) { follow(platform); },
        [this](PlatformConnection *platform) { m_counts.erase(platform->name()); });
    m_timer.setTimerType(Qt::PreciseTimer);
    connect(&m_timer, &QTimer::timeout, this, &ClusterSampler::sample);
}

ClusterSampler::~ClusterSampler() = default;

ClusterSampler::Counts *ClusterSampler::countsOf(const QString &platform)
{
    const auto it = m_counts.find(platform);
    return it == m_counts.end() ? nullptr : &it->second;
}

template<typename Info>
auto ClusterSampler::recount(const QString &platform,
                             void (ClusterSampler::*count)(Counts &, const Info &, int))
{
    return [this, platform, count](const Info &before, const Info &after) {
        if (Counts *c = countsOf(platform)) {
            (this->*count)(*c, before, -1);
            (this->*count)(*c, after, 1);
        }
    };
}

// What the platform's mirror holds already (once), then only its diffs. The connections have the
// counts' context object, so they go with the counts (or with the platform's mirror).
void ClusterSampler::follow(PlatformConnection *platform)
{
    const QString name = platform->name();
    Counts &counts = m_counts[name];
    counts = Counts{platform, std::make_shared<QObject>()};
    QObject *context = counts.context.get();
    ClusterMirror *mirror = platform->mirror();
    for (const DomainInfo &domain : mirror->domains())
        countDomain(counts, domain, 1);
    for (const TicketInfo &ticket : mirror->tickets())
        countTicket(counts, ticket, 1);
    // The first load is the state the console found, not clones starting: rates count live changes only.
    connect(mirror, &ClusterMirror::domainAdded, context, [this, name, mirror](const DomainInfo &domain) {
        if (Counts *c = countsOf(name)) {
            countDomain(*c, domain, 1);
            c->clonesStarted += domain.role == DomainRole::Clone && mirror->isLoaded() ? 1 : 0;
        }
    });
    connect(mirror, &ClusterMirror::domainChanged, context, recount(name, &ClusterSampler::countDomain));
    connect(mirror, &ClusterMirror::domainRemoved, context, [this, name](const DomainInfo &domain) {
        if (Counts *c = countsOf(name)) {
            countDomain(*c, domain, -1);
            c->clonesEnded += domain.role == DomainRole::Clone ? 1 : 0;
        }
    });
    connect(mirror, &ClusterMirror::ticketAdded, context, [this, name](const TicketInfo &t) {
        if (Counts *c = countsOf(name))
            countTicket(*c, t, 1);
    });
    connect(mirror, &ClusterMirror::ticketChanged, context, recount(name, &ClusterSampler::countTicket));
    connect(mirror, &ClusterMirror::ticketRemoved, context, [this, name](const TicketInfo &t) {
        if (Counts *c = countsOf(name))
            countTicket(*c, t, -1);
    });
}

void ClusterSampler::countDomain(Counts &counts, const DomainInfo &domain, int sign)
{
    counts.clones += domain.role == DomainRole::Clone ? sign : 0;
}

void ClusterSampler::countTicket(Counts &counts, const TicketInfo &ticket, int sign)
{
    counts.ticketsByState[size_t(ticket.state)] += sign;
}

void ClusterSampler::start(int periodMs)
{
    m_periodMs = std::max(1, periodMs);
    m_timer.start(m_periodMs);
    sample();
}

void ClusterSampler::stop()
{
    m_timer.stop();
}

const TimeSeries *ClusterSampler::series(const QString &key) const
{
    const auto it = m_series.find(key);
    return it == m_series.end() ? nullptr : &it->second;
}

void ClusterSampler::addProbe(const QString &key, std::function<double()> read)
{
    m_probes[key] = std::move(read);
}

void ClusterSampler::append(const QString &key, qint64 ms, double value)
{
    auto it = m_series.find(key);
    if (it == m_series.end()) {
        it = m_series.emplace(key, TimeSeries(kHistoryMs / m_periodMs + 1)).first;
        m_keys.append(key);
        emit seriesAdded(key);
    }
    it->second.append(ms, value);
}

void ClusterSampler::sampleHosts(const Counts &counts, qint64 ms)
{
    const QString platform = counts.platform->name();
    const bool primary = counts.platform == m_platforms->primary();
    for (const HostInfo &host : counts.platform->mirror()->hosts()) {
        const QString label = hostLabel(platform, host.name, primary);
        append(hostFreeVcpusKey(label), ms, host.freeVcpus());
        append(hostFreeMemoryKey(label), ms, double(host.freeMemoryMb()));
    }
}

// O(series): a few per platform and two per host, whatever happened since the last sample.
void ClusterSampler::sample()
{
    const qint64 ms = nowMs();
    // Rates over the time since the last sample, not the nominal period: a late timer
    // (a busy GUI thread) must not inflate them.
    const double seconds = m_lastSampleMs < 0 ? 0 : std::max<qint64>(1, ms - m_lastSampleMs) / 1000.0;
    int clones = 0, pending = 0, granted = 0, started = 0, ended = 0;
    for (auto &[name, counts] : m_counts) {
        const int platformPending = counts.ticketsByState[size_t(TicketState::Pending)];
        const int platformGranted = counts.ticketsByState[size_t(TicketState::Granted)];
        append(platformKey(name, kClones), ms, counts.clones);
        append(platformKey(name, kRunningAgents), ms,
               m_sessions ? m_sessions->liveSessionCount(counts.platform->uri()) : 0);
        append(platformKey(name, kPendingTickets), ms, platformPending);
        append(platformKey(name, kGrantedTickets), ms, platformGranted);
        clones += counts.clones;
        pending += platformPending;
        granted += platformGranted;
        started += std::exchange(counts.clonesStarted, 0);
        ended += std::exchange(counts.clonesEnded, 0);
        sampleHosts(counts, ms);
    }
    append(kClones, ms, clones);
    append(kRunningAgents, ms, m_sessions ? m_sessions->liveSessionCount() : 0);
    append(kPendingTickets, ms, pending);
    append(kGrantedTickets, ms, granted);
    append(kCloneRate, ms, seconds > 0 ? started / seconds : 0);
    append(kJoinRate, ms, seconds > 0 ? ended / seconds : 0);
    for (const auto &[key, read] : m_probes)
        append(key, ms, read());
    m_lastSampleMs = ms;
    ++m_samples;
    emit sampled(ms);
}

} // namespace clonedeck
