#pragma once

// Launches, stops and restarts agents on chosen domains for the console, through the one
// AgentSessionManager: looks up each domain's address in the mirror, resolves the SSH
// identity (the platform's client key, from the platform record the mirror carries,
// unless one is given) and the host-key policy by name, and contacts each lineage's
// master first (MasterFirstContact) so the lineage policy has a pin before any clone
// answers; a clone seen before its VM runs is launched once its SSH endpoint is known
// (EndpointWait, within the launch timeout). The domains may be on any host the console drives
// (Request::host): a remote host's agents ride its SSH connection (direct-tcpip), so the pins are checked end
// to end on the clone's own key. Returns at once; outcomes arrive as signals.
#include "AgentTypes.h"
#include "Error.h"
#include "HostKeyPolicyNames.h"
#include "LaunchServices.h"

#include <QHash>
#include <QObject>

#include <memory>

namespace clonedeck {

class ClusterMirror;
class HostKeyPolicy;
class MasterFirstContact;

class AgentLauncher : public QObject
{
    Q_OBJECT
public:
    struct Request
    {
        QString command;
        QString identityFile; // empty: the platform's client key
        QString hostKeyPolicy = hostkeys::kDefault;
        QString user; // empty: the local user name
        int launchTimeoutMs = 30000;
        QString host = {}; // the domains' host (connection name); empty: the primary (initialised:
                           // Request{...} stays warning-free)
    };

    explicit AgentLauncher(const LaunchServices &services, QObject *parent = nullptr);

    void launch(const QList<int> &domids, const Request &request);
    void stop(const QList<AgentSessionId> &ids);
    // Stops each agent and, once it has ended, launches it again the same way.
    void restart(const QList<AgentSessionId> &ids);

signals:
    void launched(clonedeck::AgentSessionId id, const clonedeck::AgentTarget &target, const QString &command);
    void launchFailed(int domid, const clonedeck::Error &error);

private:
    struct Launch
    {
        AgentTarget target;
        AgentLaunchOptions options;
    };

    void waitForEndpoints(const ClusterMirror *mirror, const QList<int> &domids, const Request &request);
    void launchReady(const ClusterMirror *mirror, const LaunchServices &services,
                     const std::shared_ptr<HostKeyPolicy> &policy, const QList<int> &domids,
                     const Request &request);
    void launchOne(const Launch &launch);
    void onEnded(AgentSessionId id);

    LaunchServices m_services;
    MasterFirstContact *m_contact;
    QHash<AgentSessionId, Launch> m_launched;     // how each of our agents was launched, for restart
    QHash<AgentSessionId, Launch> m_restartAfter; // stopping now, to be launched again
};

} // namespace clonedeck
