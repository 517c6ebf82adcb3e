#include "StartupReconciler.h"

#include "CommittedState.h"
#include "DomainLifecycle.h"
#include "Log.h"
#include "PendingWork.h"
#include "VmSpecs.h"

#include <QDateTime>
#include <QTimer>

namespace clonedeck {

StartupReconciler::StartupReconciler(const PlatformConfig &config, CommittedState &committed,
                                     VmBackend &backend, BridgeEndpoints &bridge, DomainLifecycle &lifecycle,
                                     QObject *parent)
    : QObject(parent)
    , m_config(config)
    , m_committed(committed)
    , m_backend(backend)
    , m_bridge(bridge)
    , m_lifecycle(lifecycle)
{}

void StartupReconciler::stepDone()
{
    if (--m_outstanding == 0)
        QTimer::singleShot(0, this, &StartupReconciler::finished); // never from inside run()
}

Status StartupReconciler::run()
{
    stepStarted(); // held until every step below has started
    if (auto repaired = repairTicketCounts(); !repaired)
        return repaired;
    const PlatformState &state = m_committed.state();
    QList<int> rollBack;
    QList<DomainInfo> resume;
    for (const DomainInfo &domain : state.domains()) {
        if (domain.state == DomainState::Creating || domain.state == DomainState::Stopping)
            rollBack.append(domain.domid); // half created or half destroyed: finish it off
        else
            resume.append(domain); // Running, or Failed at an earlier start: try again
    }
    // Disks the store does not know are leaks of a crash between creating a disk and committing it.
    QList<int> leaks;
    for (int domid : m_backend.existingDomains()) {
        if (!state.domains().contains(domid))
            leaks.append(domid);
    }
    if (!leaks.isEmpty()) {
        spdlog::warn("reconcile: removing {} VM(s) the store does not know", leaks.size());
        stepStarted();
        whenDone(m_backend.destroy(leaks), this, QList<DestroyOutcome>{},
                 [this](const QList<DestroyOutcome> &) { stepDone(); });
    }
    if (!rollBack.isEmpty()) {
        spdlog::warn("reconcile: {} domain(s) were being created or destroyed when the platform stopped; "
                     "destroying them",
                     rollBack.size());
        stepStarted();
        m_lifecycle.destroy(rollBack, std::nullopt, [this](const Result<int> &) { stepDone(); });
    }
    runAll(resume, &VmBackend::resume);
    if (auto masters = createMissingMasters(); !masters)
        return masters;
    stepDone();
    return Done{};
}

void StartupReconciler::runAll(const QList<DomainInfo> &domains, Start start)
{
    // One decision for all of them once every one has an outcome.
    auto results = std::make_shared<QHash<int, Result<VmEndpoint>>>();
    for (const DomainInfo &domain : domains) {
        stepStarted();
        whenDone((m_backend.*start)(vmSpecFor(m_bridge, domain)), this,
                 Result<VmEndpoint>(Error{ECANCELED, {}, QStringLiteral("the VM backend gave no outcome")}),
                 [this, domains, results, domid = domain.domid](const Result<VmEndpoint> &endpoint) {
                     results->insert(domid, endpoint);
                     if (results->size() == domains.size())
                         settle(domains, *results);
                     stepDone();
                 });
    }
}

void StartupReconciler::settle(const QList<DomainInfo> &domains,
                               const QHash<int, Result<VmEndpoint>> &results)
{
    Decision decision;
    for (DomainInfo domain : domains) {
        const Result<VmEndpoint> &endpoint = results.value(domain.domid, Error{ECANCELED, {}, {}});
        if (endpoint) {
            decision.putDomain(runningAt(domain, *endpoint));
            continue;
        }
        // Kept, with its disk, address and capacity, for the operator: only dom0's kill ends it,
        // and the next start tries again (issue 11, finding 5).
        spdlog::error("domain {} ({}): cannot run it: {}; it is Failed and kept", domain.domid, domain.name,
                      endpoint.error().toString());
        domain.state = DomainState::Failed;
        domain.error = endpoint.error().toString();
        decision.putDomain(domain);
    }
    if (auto saved = m_committed.commit(std::move(decision)); !saved)
        spdlog::error("cannot commit the state of {} started or resumed domain(s): {}", domains.size(),
                      saved.error().toString());
}

Status StartupReconciler::repairTicketCounts()
{
    // A used ticket's live count is the number of its clones; one without clones has ended.
    const PlatformState &state = m_committed.state();
    Decision repair;
    for (TicketInfo ticket : state.tickets()) {
        if (ticket.state != TicketState::Used)
            continue;
        const int live = int(std::count_if(state.domains().begin(), state.domains().end(),
                                           [&](const DomainInfo &d) { return d.ticket == ticket.id; }));
        if (live == ticket.live && live > 0)
            continue;
        ticket.live = live;
        if (live == 0)
            ticket.state = TicketState::Released;
        repair.putTicket(ticket);
    }
    return repair.isEmpty() ? Status(Done{}) : m_committed.commit(std::move(repair));
}

Status StartupReconciler::createMissingMasters()
{
    for (const ClusterSpec &cluster : std::as_const(m_config.clusters)) {
        const PlatformState &state = m_committed.state();
        // A master being rolled back (it was Creating or Stopping) does not count: it is going.
        const bool exists =
            std::any_of(state.domains().begin(), state.domains().end(), [&](const DomainInfo &d) {
                return d.role == DomainRole::Master && d.cluster == cluster.name &&
                       (d.state == DomainState::Running || d.state == DomainState::Failed);
            });
        if (exists)
            continue;
        DomainInfo master;
        master.domid = state.counters().nextDomid;
        master.name = cluster.name == QLatin1String("default") ? QStringLiteral("master")
                                                               : cluster.name + QStringLiteral("-master");
        master.cluster = cluster.name;
        master.role = DomainRole::Master;
        master.master = master.domid;
        master.state = DomainState::Creating;
        master.vcpus = cluster.masterVcpus;
        master.memoryMb = cluster.masterMemoryMb;
        master.createdMs = QDateTime::currentMSecsSinceEpoch();
        CapacityLedger planned = state.ledger();
        master.host = planned.placeDirect(master.vcpus, master.memoryMb);
        if (master.host.isEmpty())
            return Error{EBUSY, cluster.name,
                         QStringLiteral("no host has room for the master of cluster %1").arg(cluster.name)};
        AddressPool addresses = state.addresses();
        master.ip = addresses.allocate();
        master.backend = m_backend.kind();
        Decision decision;
        decision.putDomain(master);
        if (auto saved = m_committed.commit(std::move(decision)); !saved)
            return saved;
        spdlog::info("cluster {}: starting master domain {} at {}", cluster.name, master.domid, master.ip);
        runAll({master}, &VmBackend::startMaster);
    }
    return Done{};
}

} // namespace clonedeck
