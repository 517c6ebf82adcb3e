#include "PolicyEngine.h"

#include "AgentSessionManager.h"
#include "ClusterMirror.h"
#include "Log.h"
#include "PlatformGateway.h"
#include "PolicyHosts.h"

namespace clonedeck {

namespace {
constexpr qint64 kFirstBusyBackoffMs = 500;
constexpr qint64 kMaxBusyBackoffMs = 30000;
} // namespace

QString PolicyDecision::kindName(Kind kind)
{
    // In the order of Kind.
    static const char *const names[] = {"scale-up", "scale-down", "reap", "replace",
                                        "retry",    "hold",       "error"};
    return QLatin1String(names[int(kind)]);
}

QString PolicyDecision::toString() const
{
    QString text = at.toString(Qt::ISODateWithMs) + QLatin1Char(' ') + kindName(kind);
    if (count > 0)
        text += QStringLiteral(" %1").arg(count);
    if (domid >= 0)
        text += QStringLiteral(" domain %1").arg(domid);
    text += QStringLiteral(": ") + reason;
    if (!executed)
        text += QStringLiteral(" [not carried out]");
    return text;
}

PolicyEngine::PolicyEngine(PolicyConfig config, const LaunchServices &services, QString defaultIdentity,
                           std::unique_ptr<DemandSource> demand, QObject *parent)
    : QObject(parent)
    , m_config(std::move(config))
    , m_services(services)
    , m_hosts(new PolicyHosts(m_config, services, this))
    , m_defaultIdentity(std::move(defaultIdentity))
    , m_source(std::move(demand))
{
    qRegisterMetaType<PolicyDecision>();
    m_config.profile.count = 1; // one clone per agent: the unit that grows and shrinks
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &PolicyEngine::evaluate);
    connect(m_source.get(), &DemandSource::demandChanged, this, [this](int waiting) {
        if (waiting != m_demand) {
            m_demand = waiting;
            emit changed();
        }
        evaluate();
    });
    connect(m_source.get(), &DemandSource::failed, this, [this](const Error &error) {
        decide(PolicyDecision::Kind::Error, 0, -1, QStringLiteral("demand source: ") + error.toString(),
               false);
    });
    connect(m_services.sessions, &AgentSessionManager::stdoutData, this,
            [this](AgentSessionId id, const QByteArray &) {
                for (Worker &worker : m_workers) {
                    for (const auto &clone : worker.pipeline->clones()) {
                        if (clone.session == id)
                            worker.lastActivity.restart();
                    }
                }
            });
    connect(m_hosts, &PolicyHosts::domainAdded, this,
            [this] { QTimer::singleShot(0, this, &PolicyEngine::reapOrphans); });
    connect(m_hosts, &PolicyHosts::domainRemoved, this, &PolicyEngine::onDomainRemoved);
    connect(m_hosts, &PolicyHosts::reachabilityChanged, this, &PolicyEngine::onReachabilityChanged);
}

PolicyEngine::~PolicyEngine()
{
    stop();
}

void PolicyEngine::start()
{
    m_running = true;
    decide(PolicyDecision::Kind::Hold, 0, -1,
           QStringLiteral("policy started for cluster %1 (min %2, max %3, %4 per step%5)")
               .arg(m_config.cluster)
               .arg(m_config.minClones)
               .arg(m_config.maxClones)
               .arg(m_config.maxPerStep)
               .arg(m_config.dryRun ? QStringLiteral(", dry run") : QString()),
           false);
    m_source->start();
    evaluate();
}

void PolicyEngine::stop()
{
    m_running = false;
    m_timer.stop();
    for (Worker &worker : m_workers) {
        worker.stopping = true;
        worker.pipeline->cancel();
    }
}

int PolicyEngine::active() const
{
    return int(std::count_if(m_workers.begin(), m_workers.end(), [this](const Worker &w) {
        return !w.stopping && m_hosts->isReachable(w.host);
    }));
}

int PolicyEngine::unknown() const
{
    return int(std::count_if(m_workers.begin(), m_workers.end(), [this](const Worker &w) {
        return !w.stopping && !m_hosts->isReachable(w.host);
    }));
}

QHash<QString, int> PolicyEngine::perHost() const
{
    QHash<QString, int> counts;
    for (const Worker &worker : m_workers) {
        if (!worker.stopping)
            ++counts[worker.host];
    }
    return counts;
}

int PolicyEngine::running() const
{
    return int(std::count_if(m_workers.begin(), m_workers.end(), [](const Worker &w) {
        return !w.stopping && w.pipeline->steps().at(int(LaunchPipeline::Step::Run)).state ==
                                  LaunchPipeline::StepState::Running;
    }));
}

qint64 PolicyEngine::nextDecisionInMs() const
{
    return m_timer.isActive() ? m_timer.remainingTime() : -1;
}

int PolicyEngine::resourceRoom() const
{
    int room = m_config.maxClones - active();
    if (m_config.capVcpus > 0)
        room = std::min(room, m_config.capVcpus / std::max(1, m_config.profile.vcpus) - active());
    if (m_config.capMemoryMb > 0)
        room = std::min<int>(
            room, int(m_config.capMemoryMb / std::max<qint64>(1, m_config.profile.memoryMb)) - active());
    return std::max(0, room);
}

void PolicyEngine::decide(PolicyDecision::Kind kind, int count, int domid, const QString &reason,
                          bool execute)
{
    PolicyDecision decision{QDateTime::currentDateTimeUtc(), kind, count, domid, reason, execute};
    m_decisions.append(decision);
    if (m_decisions.size() > 10000)
        m_decisions.removeFirst();
    spdlog::info("policy {}: {}", m_config.cluster, decision.toString());
    emit decided(decision);
}

void PolicyEngine::evaluate()
{
    if (!m_running)
        return;
    qint64 wakeInMs = -1;
    auto wakeIn = [&](qint64 ms) { wakeInMs = wakeInMs < 0 ? ms : std::min(wakeInMs, ms); };
    const bool act = !m_config.dryRun;
    // In a dry run nothing starts, so count what the shown decisions would have started;
    // otherwise the same scale-up would be shown again after every cool-down.
    const int activeNow = active() + m_simulatedActive;
    const int wanted = std::clamp(m_demand, m_config.minClones, m_config.maxClones);

    // Grow.
    if (wanted > activeNow) {
        if (!m_inDemandSince.isValid())
            m_inDemandSince.start();
        const bool belowMinimum = activeNow < m_config.minClones;
        const qint64 waitedMs = m_inDemandSince.elapsed();
        const qint64 coolDownLeft =
            m_lastScaleUp.isValid() ? m_config.coolDownMs - m_lastScaleUp.elapsed() : 0;
        const qint64 busyLeft = m_busySince.isValid() ? m_busyBackoffMs - m_busySince.elapsed() : 0;
        if (!belowMinimum && waitedMs < m_config.inDemandDelayMs) {
            wakeIn(m_config.inDemandDelayMs - waitedMs);
        } else if (busyLeft > 0) {
            wakeIn(busyLeft);
        } else if (coolDownLeft > 0) {
            wakeIn(coolDownLeft);
        } else {
            const int room = resourceRoom();
            const int count = std::min({wanted - activeNow, m_config.maxPerStep, room});
            if (count > 0) {
                decide(PolicyDecision::Kind::ScaleUp, count, -1,
                       belowMinimum ? QStringLiteral("below the minimum of %1").arg(m_config.minClones)
                                    : QStringLiteral("demand %1 > %2 active for %3 ms")
                                          .arg(m_demand)
                                          .arg(activeNow)
                                          .arg(waitedMs),
                       act);
                m_lastScaleUp.start();
                if (act) {
                    for (int i = 0; i < count; ++i) {
                        if (!launchWorker()) {
                            decide(PolicyDecision::Kind::Hold, count - i, -1,
                                   QStringLiteral("no reachable host has room; trying again"), false);
                            wakeIn(std::max(1000, m_config.coolDownMs));
                            break;
                        }
                    }
                } else {
                    m_simulatedActive += count;
                }
                if (wanted - activeNow > count)
                    wakeIn(m_config.coolDownMs);
            } else if (room == 0) {
                decide(PolicyDecision::Kind::Hold, 0, -1, QStringLiteral("at the cluster's cap"), false);
            }
        }
    } else {
        m_inDemandSince.invalidate();
    }

    // Shrink: idle agents beyond what demand needs, never below the minimum.
    int surplus = activeNow - std::max(m_demand, m_config.minClones);
    // Dry run: the agents the shown decisions would run count as idle from when demand fell.
    if (!act && surplus > 0 && m_simulatedActive > 0) {
        if (!m_simulatedSurplusSince.isValid())
            m_simulatedSurplusSince.start();
        const qint64 idleMs = m_simulatedSurplusSince.elapsed();
        if (idleMs < m_config.idleDelayMs) {
            wakeIn(m_config.idleDelayMs - idleMs);
        } else {
            const int count = std::min(surplus, m_simulatedActive);
            decide(PolicyDecision::Kind::ScaleDown, count, -1,
                   QStringLiteral("demand %1 below the %2 agents the shown decisions would run, for %3 ms")
                       .arg(m_demand)
                       .arg(activeNow)
                       .arg(idleMs),
                   false);
            m_simulatedActive -= count;
            surplus -= count;
            m_simulatedSurplusSince.invalidate();
        }
    } else if (surplus <= 0) {
        m_simulatedSurplusSince.invalidate();
    }
    for (Worker &worker : m_workers) {
        if (surplus <= 0)
            break;
        if (worker.stopping || !worker.lastActivity.isValid())
            continue;
        const qint64 idleMs = worker.lastActivity.elapsed();
        if (idleMs < m_config.idleDelayMs) {
            wakeIn(m_config.idleDelayMs - idleMs);
            continue;
        }
        const int domid = worker.pipeline->clones().isEmpty() ? -1 : worker.pipeline->clones().first().domid;
        decide(
            PolicyDecision::Kind::ScaleDown, 1, domid,
            QStringLiteral("agent idle %1 ms, demand %2, %3 active").arg(idleMs).arg(m_demand).arg(activeNow),
            act);
        if (act) {
            worker.stopping = true;
            worker.pipeline->cancel();
        }
        --surplus;
    }
    if (wakeInMs >= 0)
        m_timer.start(int(std::max<qint64>(1, wakeInMs)));
    emit changed();
}

bool PolicyEngine::launchWorker()
{
    QHash<QString, int> unreserved; // launched, their ticket not granted yet: not in the records
    for (const Worker &worker : std::as_const(m_workers)) {
        if (!worker.stopping && worker.pipeline->ticket().isEmpty())
            ++unreserved[worker.host];
    }
    const QList<PolicyHosts::Candidate> candidates = m_hosts->candidates(perHost(), unreserved);
    const int chosen = PolicyHosts::choose(candidates, m_config.placement);
    if (chosen < 0)
        return false;
    const QString host = candidates[chosen].host;
    const LaunchServices services = m_hosts->servicesOn(host);
    // The primary's key is known; another host's comes from its own platform record.
    const QString identity =
        host.isEmpty() || services.mirror == m_services.mirror || !services.mirror->platform()
            ? m_defaultIdentity
            : services.mirror->platform()->clientKey;
    auto *pipeline = new LaunchPipeline(services, {m_config.masterDomid, identity}, m_config.profile, this);
    Worker worker;
    worker.pipeline = pipeline;
    worker.host = host;
    worker.lastActivity.start();
    m_workers.append(worker);
    connect(pipeline, &LaunchPipeline::finished, this,
            [this, pipeline](bool succeeded, int, const QString &error) {
                onWorkerFinished(pipeline, succeeded, error);
            });
    pipeline->start();
    return true;
}

void PolicyEngine::onWorkerFinished(LaunchPipeline *pipeline, bool succeeded, const QString &error)
{
    const auto it = std::find_if(m_workers.begin(), m_workers.end(),
                                 [pipeline](const Worker &w) { return w.pipeline == pipeline; });
    if (it == m_workers.end())
        return;
    const bool wasStopping = it->stopping;
    m_workers.erase(it);
    pipeline->deleteLater();
    if (error.contains(QLatin1String("EBUSY"))) {
        m_busyBackoffMs =
            m_busyBackoffMs == 0 ? kFirstBusyBackoffMs : std::min(m_busyBackoffMs * 2, kMaxBusyBackoffMs);
        m_busySince.start();
        decide(PolicyDecision::Kind::Retry, 1, -1,
               QStringLiteral("no resources (EBUSY); next try in %1 ms").arg(m_busyBackoffMs),
               !m_config.dryRun);
    } else {
        if (succeeded || !error.isEmpty())
            m_busyBackoffMs = 0;
        if (!wasStopping && m_running)
            decide(PolicyDecision::Kind::Replace, 0, -1,
                   succeeded ? QStringLiteral("an agent exited")
                             : QStringLiteral("an agent failed: ") + error,
                   false);
    }
    emit changed();
    evaluate();
}

void PolicyEngine::reapOrphans()
{
    if (!m_running)
        return;
    // A clone of this cluster's master that no pipeline of ours knows (by host and ticket) is an orphan.
    QSet<std::pair<QString, QString>> ours;
    QSet<QString> hostsWithoutTicket;
    for (const Worker &worker : std::as_const(m_workers)) {
        ours.insert({worker.host, worker.pipeline->ticket()});
        if (worker.pipeline->ticket().isEmpty())
            hostsWithoutTicket.insert(worker.host);
    }
    for (const auto &[host, mirror] : m_hosts->mirrors())
        for (const DomainInfo &domain : mirror->domains()) {
            if (domain.role != DomainRole::Clone || domain.master != m_config.masterDomid ||
                ours.contains({host, domain.ticket}) || m_reaped.contains({host, domain.domid}))
                continue;
            if (hostsWithoutTicket.contains(host) &&
                QDateTime::currentMSecsSinceEpoch() - domain.createdMs < 5000)
                continue; // may belong to a launch whose ticket reply is still on its way
            const bool act = !m_config.dryRun && m_config.reapOrphans;
            decide(PolicyDecision::Kind::Reap, 1, domain.domid,
                   QStringLiteral("clone %1 (ticket %2) has no agent and no pending launch")
                       .arg(domain.domid)
                       .arg(domain.ticket),
                   act);
            m_reaped.insert({host, domain.domid});
            if (act)
                m_hosts->servicesOn(host).gateway->killDomain(0, domain.domid);
        }
}

void PolicyEngine::onDomainRemoved(const QString &host, const DomainInfo &domain)
{
    m_reaped.remove({host, domain.domid});
    for (Worker &worker : m_workers) {
        if (worker.stopping || worker.host != host)
            continue;
        for (const auto &clone : worker.pipeline->clones()) {
            if (clone.domid == domain.domid) {
                decide(PolicyDecision::Kind::Reap, 1, domain.domid,
                       QStringLiteral("the clone of an agent vanished; stopping the agent"), true);
                worker.stopping = false; // not our choice: demand may want a replacement
                worker.pipeline->cancel();
            }
        }
    }
}

void PolicyEngine::onReachabilityChanged(const QString &host, bool reachable, const QString &reason)
{
    int there = 0;
    for (const Worker &worker : std::as_const(m_workers))
        there += !worker.stopping && worker.host == host;
    decide(PolicyDecision::Kind::Hold, there, -1,
           reachable ? QStringLiteral("host %1 is back; its %2 clone(s) count again").arg(host).arg(there)
                     : QStringLiteral("host %1 unreachable (%2): skipped; its %3 clone(s) count as unknown")
                           .arg(host, reason)
                           .arg(there),
           false);
    emit changed();
    evaluate();
}

} // namespace clonedeck
