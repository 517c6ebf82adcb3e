#include "MasterFirstContact.h"

#include "AgentSessionManager.h"
#include "HostKeyPolicy.h"
#include "LaunchTargets.h"
#include "Log.h"

namespace clonedeck {

MasterFirstContact::MasterFirstContact(AgentSessionManager *sessions, QObject *parent)
    : QObject(parent)
    , m_sessions(sessions)
{
    // Queued from the SSH I/O thread to this one.
    connect(m_sessions, &AgentSessionManager::probeFinished, this, &MasterFirstContact::onProbeFinished);
}

void MasterFirstContact::beforeClones(const AgentTarget &master, const AgentLaunchOptions &options,
                                      std::function<void()> then)
{
    const QString lineage =
        lineageKey(master, options.hostKeyPolicy ? options.hostKeyPolicy->name() : QString());
    if (m_reached.contains(lineage)) {
        QMetaObject::invokeMethod(this, std::move(then), Qt::QueuedConnection);
        return;
    }
    if (const auto probing = m_probing.constFind(lineage); probing != m_probing.constEnd()) {
        m_probes[*probing].waiting.append(std::move(then));
        return;
    }
    const AgentSessionId probe = m_sessions->probe(master, options);
    m_probing.insert(lineage, probe);
    m_probes.insert(probe, Probe{lineage, {std::move(then)}});
}

void MasterFirstContact::onProbeFinished(AgentSessionId id, bool reachable, const Error &error)
{
    const auto it = m_probes.find(id);
    if (it == m_probes.end())
        return;
    const Probe probe = std::move(it.value());
    m_probes.erase(it);
    m_probing.remove(probe.lineage);
    if (reachable)
        m_reached.insert(probe.lineage);
    else
        spdlog::info("the master of lineage {} did not answer SSH ({}); trying its clones", probe.lineage,
                     error.toString());
    for (const auto &then : probe.waiting)
        then();
}

} // namespace clonedeck
