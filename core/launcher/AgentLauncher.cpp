#include "AgentLauncher.h"

#include "AgentSessionManager.h"
#include "ClusterMirror.h"
#include "EndpointWait.h"
#include "HostKeyPolicyRegistry.h"
#include "LaunchTargets.h"
#include "Log.h"
#include "MasterFirstContact.h"
#include "PlatformConnections.h"
#include "PlatformGateway.h"

#include <QFile>

namespace clonedeck {

namespace {
constexpr qsizetype kLaunchesKept = 1000;
} // namespace

AgentLauncher::AgentLauncher(const LaunchServices &services, QObject *parent)
    : QObject(parent)
    , m_services(services)
    , m_contact(new MasterFirstContact(services.sessions, this))
{
    // Queued from the SSH I/O thread to this one.
    connect(m_services.sessions, &AgentSessionManager::exited, this,
            [this](AgentSessionId id) { onEnded(id); });
    connect(m_services.sessions, &AgentSessionManager::failed, this,
            [this](AgentSessionId id) { onEnded(id); });
}

void AgentLauncher::launch(const QList<int> &domids, const Request &request)
{
    auto policy = m_services.hostKeyPolicies->policy(request.hostKeyPolicy);
    if (!policy) {
        for (int domid : domids)
            emit launchFailed(domid, policy.error());
        return;
    }
    if (!request.host.isEmpty() && m_services.platforms && !m_services.platforms->find(request.host)) {
        for (int domid : domids) // a removed connection: its domids would name other domains on the primary
            emit launchFailed(domid, Error{ENOENT, request.host, QStringLiteral("no such host")});
        return;
    }
    const LaunchServices services = launchServicesOn(m_services, request.host);
    const ClusterMirror *mirror = services.mirror;
    // A clone seen before its VM runs has an address but no port yet: launched once it has both.
    QList<int> ready;
    QList<int> starting;
    for (int domid : domids) {
        const auto domain = mirror->domains().constFind(domid);
        const bool waits = domain != mirror->domains().constEnd() && !hasSshEndpoint(*domain) &&
                           domain->state == DomainState::Creating;
        (waits ? starting : ready).append(domid);
    }
    if (!starting.isEmpty())
        waitForEndpoints(mirror, starting, request);
    if (!ready.isEmpty())
        launchReady(mirror, services, *policy, ready, request);
}

void AgentLauncher::waitForEndpoints(const ClusterMirror *mirror, const QList<int> &domids,
                                     const Request &request)
{
    new EndpointWait(
        mirror, domids, request.launchTimeoutMs,
        [this, request](const QList<int> &ready, const QList<std::pair<int, Error>> &failed) {
            for (const auto &[domid, error] : failed)
                emit launchFailed(domid, error);
            if (!ready.isEmpty())
                launch(ready, request);
        },
        this);
}

void AgentLauncher::launchReady(const ClusterMirror *mirror, const LaunchServices &services,
                                const std::shared_ptr<HostKeyPolicy> &policy, const QList<int> &domids,
                                const Request &request)
{
    // The platform's client key is a path on its host: a remote host's clones accept the
    // operator's own keys instead (ssh-agent, ~/.ssh/id_*; its clonedeckd's --operator-keys).
    QString identity = request.identityFile;
    if (identity.isEmpty() && mirror->platform() && !services.tunnel)
        identity = mirror->platform()->clientKey;
    if (request.identityFile.isEmpty() && !QFile::exists(identity)) {
        spdlog::warn("no usable client key for this platform; trying ssh-agent and default identities");
        identity.clear();
    }
    AgentLaunchOptions options;
    options.command = request.command;
    if (!identity.isEmpty())
        options.identityFiles = {identity};
    options.hostKeyPolicy = policy;
    options.tunnel = services.tunnel; // a remote host's clones: through its SSH connection
    options.launchTimeoutMs = request.launchTimeoutMs;

    // Grouped by lineage: each master is contacted once, before its clones.
    QHash<int, QList<Launch>> byMaster;
    for (int domid : domids) {
        const auto domain = mirror->domains().constFind(domid);
        if (domain == mirror->domains().constEnd() || !hasSshEndpoint(*domain)) {
            emit launchFailed(domid, Error{ENOENT, QString::number(domid),
                                           QStringLiteral("no such domain, or no SSH endpoint")});
            continue;
        }
        const auto master = mirror->domains().constFind(domain->master);
        const qint64 created = master != mirror->domains().constEnd() ? master->createdMs : 0;
        AgentTarget target = agentTargetOf(*domain, created, request.user);
        target.platform = services.gateway->uri(); // domids are each platform's own
        byMaster[domain->master].append(Launch{target, options});
    }
    for (auto it = byMaster.begin(); it != byMaster.end(); ++it) {
        const QList<Launch> launches = it.value();
        const auto master = mirror->domains().constFind(it.key());
        if (master == mirror->domains().constEnd()) {
            for (const Launch &launch : launches)
                launchOne(launch); // no master to pin from: the policy says why each is refused, if it is
            continue;
        }
        AgentTarget masterTarget = agentTargetOf(*master, master->createdMs, request.user);
        masterTarget.platform = services.gateway->uri();
        m_contact->beforeClones(masterTarget, options, [this, launches] {
            for (const Launch &launch : launches)
                launchOne(launch);
        });
    }
}

void AgentLauncher::launchOne(const Launch &launch)
{
    auto id = m_services.sessions->launch(launch.target, launch.options);
    if (!id) {
        spdlog::error("agent on domain {}: {}", launch.target.domid, id.error().toString());
        emit launchFailed(launch.target.domid, id.error());
        return;
    }
    spdlog::info("operator: launch agent on domain {} ({}:{}): {}", launch.target.domid,
                 launch.target.address, launch.target.port, launch.options.command);
    // Remember how it was launched for as long as the manager keeps the session (it drops the oldest
    // ended ones).
    if (m_launched.size() >= kLaunchesKept)
        m_launched.removeIf([this](const auto &entry) { return !m_services.sessions->info(entry.key()); });
    m_launched.insert(*id, launch);
    emit launched(*id, launch.target, launch.options.command);
}

void AgentLauncher::stop(const QList<AgentSessionId> &ids)
{
    for (AgentSessionId id : ids) {
        spdlog::info("operator: stop agent session {}", id);
        m_services.sessions->stop(id);
    }
}

void AgentLauncher::restart(const QList<AgentSessionId> &ids)
{
    for (AgentSessionId id : ids) {
        const auto launch = m_launched.constFind(id);
        const auto info = m_services.sessions->info(id);
        if (launch == m_launched.constEnd()) {
            emit launchFailed(
                info ? info->target.domid : -1,
                Error{EINVAL, QString::number(id),
                      QStringLiteral("this agent was not launched from the console; launch it anew")});
            continue;
        }
        if (!info || isFinal(info->state)) {
            launchOne(launch.value());
            continue;
        }
        spdlog::info("operator: restart agent session {}", id);
        m_restartAfter.insert(id, launch.value());
        m_services.sessions->stop(id);
    }
}

void AgentLauncher::onEnded(AgentSessionId id)
{
    // The manager frees the clone's launch guard before it reports the end, so this relaunch is accepted.
    if (const auto launch = m_restartAfter.take(id); !launch.target.address.isEmpty())
        launchOne(launch);
}

} // namespace clonedeck
