#pragma once

// A lineage's master is contacted before any of its clones: under the lineage host-key
// policy that first verified contact pins the key every clone must then present.
// Probing master and clones at once let a clone's handshake win the race and be refused
// for want of a pin (seen under ASan). Remembers the lineages it has reached, so a later
// launch on one goes straight to its clones; launches that ask while a master's probe is
// out wait for that same probe.
#include "AgentTypes.h"

#include <QHash>
#include <QObject>
#include <QSet>

#include <functional>

namespace clonedeck {

class AgentSessionManager;

class MasterFirstContact : public QObject
{
    Q_OBJECT
public:
    explicit MasterFirstContact(AgentSessionManager *sessions, QObject *parent = nullptr);

    // Probes `master` unless its lineage was reached before, then runs `then` on this thread,
    // whether it answered or not: the clones are what the agents need, and a clone's own
    // contact says why it is refused, if it is.
    void beforeClones(const AgentTarget &master, const AgentLaunchOptions &options,
                      std::function<void()> then);

private:
    struct Probe
    {
        QString lineage;
        QList<std::function<void()>> waiting;
    };
    void onProbeFinished(AgentSessionId id, bool reachable, const Error &error);

    AgentSessionManager *m_sessions;
    QHash<AgentSessionId, Probe> m_probes;
    QHash<QString, AgentSessionId> m_probing; // lineage -> its master's probe in flight
    QSet<QString> m_reached;
};

} // namespace clonedeck
