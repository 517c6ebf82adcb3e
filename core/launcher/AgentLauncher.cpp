#include "AgentLauncher.h"

#include "AgentSessionManager.h"
#include "ClusterMirror.h"
#include "HostKeyPolicy.h"
#include "HostKeyPolicyRegistry.h"
#include "Log.h"
#include "PlatformActions.h"

#include <QFile>

namespace clonedeck {

namespace {
constexpr qsizetype kLaunchesKept = 1000;

AgentTarget targetOf(const DomainInfo &domain, const QString &user, qint64 masterCreatedMs)
{
    AgentTarget target;
    target.masterCreatedMs = masterCreatedMs;
    target.cluster = domain.cluster;
    target.masterDomid = domain.master;
    target.domid = domain.domid;
    target.address = domain.sshHost;
    target.port = quint16(domain.sshPort);
    target.user = user.isEmpty() ? qEnvironmentVariable("USER", QStringLiteral("root")) : user;
    return target;
}
} // namespace

AgentLauncher::AgentLauncher(AgentSessionManager *sessions, ClusterMirror *mirror, PlatformActions *actions,
                             HostKeyPolicyRegistry *policies, QObject *parent)
    : QObject(parent)
    , m_sessions(sessions)
    , m_mirror(mirror)
    , m_actions(actions)
    , m_policies(policies)
{
    // Queued from the SSH I/O thread to this one.
    connect(m_sessions, &AgentSessionManager::probeFinished, this, &AgentLauncher::onProbeFinished);
    connect(m_sessions, &AgentSessionManager::exited, this, [this](AgentSessionId id) { onEnded(id); });
    connect(m_sessions, &AgentSessionManager::failed, this, [this](AgentSessionId id) { onEnded(id); });
}

void AgentLauncher::launch(const QList<int> &domids, const Request &request)
{
    if (!request.identityFile.isEmpty()) {
        launchWithIdentity(domids, request, request.identityFile);
        return;
    }
    // The platform's key is one xenstore read away: never read it on this thread.
    m_actions->clientKeyPath().then(this, [this, domids, request](const Result<QString> &key) {
        if (!key || !QFile::exists(*key))
            spdlog::warn("the platform names no usable client key; trying ssh-agent only");
        launchWithIdentity(domids, request, key ? *key : QString());
    });
}

void AgentLauncher::launchWithIdentity(const QList<int> &domids, const Request &request,
                                       const QString &identity)
{
    auto policy = m_policies->policy(request.hostKeyPolicy);
    if (!policy) {
        for (int domid : domids)
            emit launchFailed(domid, policy.error());
        return;
    }
    AgentLaunchOptions options;
    options.command = request.command;
    if (!identity.isEmpty())
        options.identityFiles = {identity};
    options.hostKeyPolicy = *policy;
    options.launchTimeoutMs = request.launchTimeoutMs;

    QHash<QString, Lineage> lineages;
    QHash<QString, DomainInfo> masters;
    for (int domid : domids) {
        const auto domain = m_mirror->domains().constFind(domid);
        if (domain == m_mirror->domains().constEnd() || domain->ip.isEmpty()) {
            emit launchFailed(domid, Error{ENOENT, QString::number(domid),
                                           QStringLiteral("no such domain, or no address yet")});
            continue;
        }
        const auto master = m_mirror->domains().constFind(domain->master);
        const bool masterKnown = master != m_mirror->domains().constEnd();
        const QString key = QStringLiteral("%1/%2/%3@%4")
                                .arg(request.hostKeyPolicy, domain->cluster)
                                .arg(domain->master)
                                .arg(masterKnown ? master->createdMs : 0);
        lineages[key].key = key;
        lineages[key].clones.append(
            Launch{targetOf(*domain, request.user, masterKnown ? master->createdMs : 0), options});
        if (masterKnown)
            masters.insert(key, *master);
    }
    for (const Lineage &lineage : std::as_const(lineages)) {
        // A master not contacted yet is probed first: under the lineage policy that contact pins
        // the key its clones must present. If it fails the clones are still tried, and the policy
        // says why each is refused.
        if (m_reachedMasters.contains(lineage.key) || !masters.contains(lineage.key)) {
            for (const Launch &launch : lineage.clones)
                launchOne(launch);
            continue;
        }
        const AgentSessionId probe = m_sessions->probe(
            targetOf(masters.value(lineage.key), request.user, masters.value(lineage.key).createdMs),
            options);
        m_probes.insert(probe, lineage);
    }
}

void AgentLauncher::onProbeFinished(AgentSessionId id, bool reachable, const Error &error)
{
    const auto it = m_probes.constFind(id);
    if (it == m_probes.constEnd())
        return;
    const Lineage lineage = it.value();
    m_probes.erase(it);
    if (reachable)
        m_reachedMasters.insert(lineage.key);
    else
        spdlog::warn("master of lineage {} did not answer: {}", lineage.key, error.toString());
    for (const Launch &launch : lineage.clones)
        launchOne(launch);
}

void AgentLauncher::launchOne(const Launch &launch)
{
    auto id = m_sessions->launch(launch.target, launch.options);
    if (!id) {
        spdlog::error("agent on domain {}: {}", launch.target.domid, id.error().toString());
        emit launchFailed(launch.target.domid, id.error());
        return;
    }
    spdlog::info("operator: launch agent on domain {} ({}:{}): {}", launch.target.domid,
                 launch.target.address, launch.target.port, launch.options.command);
    // Remember how it was launched for as long as the manager keeps the session (it drops the oldest ended
    // ones).
    if (m_launched.size() >= kLaunchesKept)
        m_launched.removeIf([this](const auto &entry) { return !m_sessions->info(entry.key()); });
    m_launched.insert(*id, launch);
    emit launched(*id, launch.target, launch.options.command);
}

void AgentLauncher::stop(const QList<AgentSessionId> &ids)
{
    for (AgentSessionId id : ids) {
        spdlog::info("operator: stop agent session {}", id);
        m_sessions->stop(id);
    }
}

void AgentLauncher::restart(const QList<AgentSessionId> &ids)
{
    for (AgentSessionId id : ids) {
        const auto launch = m_launched.constFind(id);
        if (launch == m_launched.constEnd()) {
            const auto info = m_sessions->info(id);
            emit launchFailed(
                info ? info->target.domid : -1,
                Error{EINVAL, QString::number(id),
                      QStringLiteral("this agent was not launched from the console; launch it anew")});
            continue;
        }
        const auto info = m_sessions->info(id);
        if (!info || isFinal(info->state)) {
            launchOne(launch.value());
            continue;
        }
        spdlog::info("operator: restart agent session {}", id);
        m_restartAfter.insert(id, launch.value());
        m_sessions->stop(id);
    }
}

void AgentLauncher::onEnded(AgentSessionId id)
{
    // The manager frees the clone's launch guard before it reports the end, so this relaunch is accepted.
    if (const auto launch = m_restartAfter.take(id); !launch.target.address.isEmpty())
        launchOne(launch);
}

} // namespace clonedeck
