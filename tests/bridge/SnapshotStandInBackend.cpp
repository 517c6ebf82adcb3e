#include "SnapshotStandInBackend.h"

namespace clonedeck::test {

void StandInVms::started(int domid, const QString &endpoint)
{
    std::lock_guard lock(m_mutex);
    m_endpoints.insert(domid, endpoint);
}

void StandInVms::capturing(QList<int> clones, std::shared_ptr<QPromise<QList<CloneOutcome>>> outcome)
{
    std::lock_guard lock(m_mutex);
    m_clones = std::move(clones);
    m_outcome = std::move(outcome);
}

QString StandInVms::endpoint(int domid) const
{
    std::lock_guard lock(m_mutex);
    return m_endpoints.value(domid);
}

QList<int> StandInVms::capturedClones() const
{
    std::lock_guard lock(m_mutex);
    return m_clones;
}

bool StandInVms::finishClones()
{
    std::lock_guard lock(m_mutex);
    if (!m_outcome)
        return false;
    QList<CloneOutcome> outcomes;
    for (int domid : std::as_const(m_clones))
        outcomes.append(CloneOutcome{domid, VmEndpoint{}});
    m_outcome->addResult(outcomes);
    m_outcome->finish();
    m_outcome.reset();
    return true;
}

SnapshotStandInBackend::SnapshotStandInBackend(VmBackendContext context, StandInVms &vms)
    : m_context(std::move(context))
    , m_vms(vms)
{}

VmBackendRegistry SnapshotStandInBackend::registry(StandInVms &vms)
{
    VmBackendRegistry registry;
    registry.add(QStringLiteral("standin"), [&vms](const VmBackendContext &context) {
        return std::make_unique<SnapshotStandInBackend>(context, vms);
    });
    return registry;
}

QFuture<Result<VmEndpoint>> SnapshotStandInBackend::startMaster(const VmSpec &master)
{
    m_existing.append(master.domain.domid);
    m_vms.started(master.domain.domid, master.bridgeEndpoint);
    return QtFuture::makeReadyFuture(Result<VmEndpoint>(VmEndpoint{}));
}

QFuture<QList<CloneOutcome>> SnapshotStandInBackend::startClones(const VmSpec &master,
                                                                 const QList<VmSpec> &clones)
{
    // The master is "paused" now: each clone's endpoint takes its channel's live state.
    QList<int> domids;
    for (const VmSpec &clone : clones) {
        if (auto forked = m_context.forkXenstoreEndpoint(master.domain.domid, clone.domain.domid); !forked)
            qWarning("fork of domain %d's endpoint failed: %s", master.domain.domid,
                     qPrintable(forked.error().toString()));
        m_existing.append(clone.domain.domid);
        m_vms.started(clone.domain.domid, clone.bridgeEndpoint);
        domids.append(clone.domain.domid);
    }
    auto outcome = std::make_shared<QPromise<QList<CloneOutcome>>>();
    outcome->start();
    QFuture<QList<CloneOutcome>> future = outcome->future();
    m_vms.capturing(domids, std::move(outcome));
    return future;
}

QFuture<QList<DestroyOutcome>> SnapshotStandInBackend::destroy(const QList<int> &domids)
{
    QList<DestroyOutcome> outcomes;
    for (int domid : domids) {
        m_existing.removeAll(domid);
        outcomes.append(DestroyOutcome{domid, Done{}});
    }
    return QtFuture::makeReadyFuture(outcomes);
}

} // namespace clonedeck::test
