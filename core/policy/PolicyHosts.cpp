#include "PolicyHosts.h"

#include "ClusterMirror.h"
#include "PlatformConnection.h"
#include "PlatformConnections.h"

#include <climits>

namespace clonedeck {

int PolicyHosts::choose(const QList<Candidate> &candidates, PolicyConfig::Placement placement)
{
    int best = -1;
    for (int i = 0; i < candidates.size(); ++i) {
        const Candidate &c = candidates[i];
        if (!c.reachable || c.freeSlots <= 0)
            continue;
        if (placement == PolicyConfig::Placement::Pack)
            return i; // the first with room: fill it before the next
        if (best < 0 || c.ours < candidates[best].ours ||
            (c.ours == candidates[best].ours && c.freeSlots > candidates[best].freeSlots))
            best = i;
    }
    return best;
}

PolicyHosts::PolicyHosts(const PolicyConfig &config, const LaunchServices &services, QObject *parent)
    : QObject(parent)
    , m_config(config)
    , m_services(services)
{
    if (m_services.platforms == nullptr) { // clonectl: its one platform
        if (m_services.mirror)
            follow({}, m_services.mirror);
        return;
    }
    m_services.platforms->follow(
        this,
        [this](PlatformConnection *platform) {
            const bool listed = isMultiHost() ? m_config.hosts.contains(platform->name())
                                              : platform == m_services.platforms->primary();
            if (!listed)
                return;
            const QString host = nameOf(platform->name());
            follow(host, platform->mirror());
            m_reachable.insert(host, platform->isReachable());
            connect(platform, &PlatformConnection::stateChanged, this, [this, host, platform] {
                const bool reachable = platform->isReachable();
                if (m_reachable.value(host, true) == reachable)
                    return;
                m_reachable.insert(host, reachable);
                emit reachabilityChanged(host, reachable, platform->reason());
            });
        },
        [](PlatformConnection *) {}); // its workers fail with its gateway; placement no longer finds it
}

void PolicyHosts::follow(const QString &host, ClusterMirror *mirror)
{
    connect(mirror, &ClusterMirror::domainAdded, this,
            [this, host](const DomainInfo &domain) { emit domainAdded(host, domain); });
    connect(mirror, &ClusterMirror::domainRemoved, this,
            [this, host](const DomainInfo &domain) { emit domainRemoved(host, domain); });
}

QString PolicyHosts::nameOf(const QString &host) const
{
    return isMultiHost() ? host : QString();
}

LaunchServices PolicyHosts::servicesOn(const QString &host) const
{
    return launchServicesOn(m_services, host);
}

bool PolicyHosts::isReachable(const QString &host) const
{
    if (m_services.platforms == nullptr)
        return true; // clonectl: its platform's losses fail the calls themselves
    const PlatformConnection *platform = m_services.platforms->find(host);
    return platform != nullptr && (host.isEmpty() || platform->isReachable());
}

QList<std::pair<QString, ClusterMirror *>> PolicyHosts::mirrors() const
{
    if (!isMultiHost())
        return m_services.mirror ? QList<std::pair<QString, ClusterMirror *>>{{QString(), m_services.mirror}}
                                 : QList<std::pair<QString, ClusterMirror *>>{};
    QList<std::pair<QString, ClusterMirror *>> mirrors;
    for (const QString &host : m_config.hosts) {
        if (PlatformConnection *platform = m_services.platforms->find(host))
            mirrors.append({host, platform->mirror()});
    }
    return mirrors;
}

QList<PolicyHosts::Candidate> PolicyHosts::candidates(const QHash<QString, int> &ours,
                                                      const QHash<QString, int> &unreserved) const
{
    if (!isMultiHost()) // one platform: it says EBUSY when full, and the engine backs off
        return {Candidate{QString(), isReachable({}), INT_MAX, ours.value({})}};
    const int vcpus = std::max(1, m_config.profile.vcpus);
    const qint64 memoryMb = std::max<qint64>(1, m_config.profile.memoryMb);
    QList<Candidate> candidates;
    for (const QString &host : m_config.hosts) {
        Candidate candidate{host, isReachable(host), 0, ours.value(host)};
        if (const PlatformConnection *platform = m_services.platforms->find(host)) {
            for (const HostInfo &machine : platform->mirror()->hosts())
                candidate.freeSlots +=
                    int(std::min<qint64>(machine.freeVcpus() / vcpus, machine.freeMemoryMb() / memoryMb));
        }
        candidate.freeSlots -= unreserved.value(host); // launched, not yet reserved in its records
        candidates.append(candidate);
    }
    return candidates;
}

} // namespace clonedeck
