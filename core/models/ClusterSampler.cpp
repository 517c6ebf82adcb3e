#include "ClusterSampler.h"

#include "AgentSessionManager.h"
#include "ClusterMirror.h"

namespace clonedeck {

QString ClusterSampler::hostFreeVcpusKey(const QString &host)
{
    return QStringLiteral("host/%1/free-vcpus").arg(host);
}

QString ClusterSampler::hostFreeMemoryKey(const QString &host)
{
    return QStringLiteral("host/%1/free-memory-mb").arg(host);
}

ClusterSampler::ClusterSampler(ClusterMirror *mirror, AgentSessionManager *sessions, QObject *parent)
    : QObject(parent)
    , m_mirror(mirror)
    , m_sessions(sessions)
    , m_startedAt(QDateTime::currentDateTimeUtc())
{
    m_clock.start();
    // What the mirror holds already (once), then only its diffs.
    for (const DomainInfo &domain : m_mirror->domains())
        countDomain(domain, 1);
    for (const TicketInfo &ticket : m_mirror->tickets())
        countTicket(ticket, 1);
    // The first load is the state the console found, not clones starting: rates count live changes only.
    connect(m_mirror, &ClusterMirror::domainAdded, this, [this](const DomainInfo &domain) {
        countDomain(domain, 1);
        m_clonesStarted += domain.role == DomainRole::Clone && m_mirror->isLoaded() ? 1 : 0;
    });
    connect(m_mirror, &ClusterMirror::domainChanged, this,
            [this](const DomainInfo &before, const DomainInfo &after) {
                countDomain(before, -1);
                countDomain(after, 1);
            });
    connect(m_mirror, &ClusterMirror::domainRemoved, this, [this](const DomainInfo &domain) {
        countDomain(domain, -1);
        m_clonesEnded += domain.role == DomainRole::Clone ? 1 : 0;
    });
    connect(m_mirror, &ClusterMirror::ticketAdded, this, [this](const TicketInfo &t) { countTicket(t, 1); });
    connect(m_mirror, &ClusterMirror::ticketChanged, this,
            [this](const TicketInfo &before, const TicketInfo &after) {
                countTicket(before, -1);
                countTicket(after, 1);
            });
    connect(m_mirror, &ClusterMirror::ticketRemoved, this,
            [this](const TicketInfo &t) { countTicket(t, -1); });
    m_timer.setTimerType(Qt::PreciseTimer);
    connect(&m_timer, &QTimer::timeout, this, &ClusterSampler::sample);
}

ClusterSampler::~ClusterSampler() = default;

void ClusterSampler::countDomain(const DomainInfo &domain, int sign)
{
    m_clones += domain.role == DomainRole::Clone ? sign : 0;
}

void ClusterSampler::countTicket(const TicketInfo &ticket, int sign)
{
    m_ticketsByState[size_t(ticket.state)] += sign;
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

void ClusterSampler::sample()
{
    const qint64 ms = nowMs();
    // Rates over the time since the last sample, not the nominal period: a late timer
    // (a busy GUI thread) must not inflate them.
    const double seconds = m_lastSampleMs < 0 ? 0 : std::max<qint64>(1, ms - m_lastSampleMs) / 1000.0;
    append(kClones, ms, m_clones);
    append(kRunningAgents, ms, m_sessions ? m_sessions->liveSessionCount() : 0);
    append(kPendingTickets, ms, m_ticketsByState[size_t(TicketState::Pending)]);
    append(kGrantedTickets, ms, m_ticketsByState[size_t(TicketState::Granted)]);
    append(kCloneRate, ms, seconds > 0 ? m_clonesStarted / seconds : 0);
    append(kJoinRate, ms, seconds > 0 ? m_clonesEnded / seconds : 0);
    for (const HostInfo &host : m_mirror->hosts()) {
        append(hostFreeVcpusKey(host.name), ms, host.freeVcpus());
        append(hostFreeMemoryKey(host.name), ms, double(host.freeMemoryMb()));
    }
    for (const auto &[key, read] : m_probes)
        append(key, ms, read());
    m_clonesStarted = 0;
    m_clonesEnded = 0;
    m_lastSampleMs = ms;
    ++m_samples;
    emit sampled(ms);
}

} // namespace clonedeck
