#pragma once

// Launches, stops and restarts agents on chosen domains for the console, through the one
// AgentSessionManager: looks up each domain's address in the mirror, resolves the SSH
// identity (the platform's client key unless one is given) and the host-key policy by
// name, and contacts each lineage's master first so the lineage policy has a pin before
// any clone answers. Returns at once; outcomes arrive as signals.
#include "AgentTypes.h"
#include "Error.h"

#include <QHash>
#include <QObject>
#include <QSet>

namespace clonedeck {

class AgentSessionManager;
class ClusterMirror;
class HostKeyPolicyRegistry;
class PlatformActions;

class AgentLauncher : public QObject
{
    Q_OBJECT
public:
    struct Request
    {
        QString command;
        QString identityFile; // empty: the platform's client key
        QString hostKeyPolicy = QStringLiteral("lineage");
        QString user; // empty: the local user name
        int launchTimeoutMs = 30000;
    };

    AgentLauncher(AgentSessionManager *sessions, ClusterMirror *mirror, PlatformActions *actions,
                  HostKeyPolicyRegistry *policies, QObject *parent = nullptr);

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
    struct Lineage
    {
        QList<Launch> clones;
        QString key;
    };

    void launchWithIdentity(const QList<int> &domids, const Request &request, const QString &identity);
    void launchOne(const Launch &launch);
    void onProbeFinished(AgentSessionId id, bool reachable, const Error &error);
    void onEnded(AgentSessionId id);

    AgentSessionManager *m_sessions;
    ClusterMirror *m_mirror;
    PlatformActions *m_actions;
    HostKeyPolicyRegistry *m_policies;
    QHash<AgentSessionId, Launch> m_launched;     // how each of our agents was launched, for restart
    QHash<AgentSessionId, Launch> m_restartAfter; // stopping now, to be launched again
    QHash<AgentSessionId, Lineage> m_probes;      // master contacts in flight
    QSet<QString> m_reachedMasters;               // lineages (policy, cluster, master) already pinned
};

} // namespace clonedeck
