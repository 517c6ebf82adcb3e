#include "QemuVmBackend.h"

#include "Log.h"

#include <QCoreApplication>
#include <QtConcurrent/QtConcurrentRun>

namespace clonedeck {

namespace {

QemuPlatform platformFrom(const VmBackendContext &context, Status &configured)
{
    QemuPlatform platform;
    platform.options.runDir = context.config.runDir;
    auto options =
        QemuOptions::load(context.config.backendSettings.value(QStringLiteral("qemu")), platform.options);
    if (options)
        platform.options = *options;
    else
        configured = options.error();
    platform.options.resolveDefaults(QCoreApplication::applicationDirPath());
    if (const auto network = PrivateNetwork::parse(platform.options.privateNetwork))
        platform.network = *network;
    platform.authorizedKey = QString::fromUtf8(context.clientPublicKey);
    platform.preferredSshPort = context.config.preferredSshPort;
    platform.fallbackSshPort = context.config.fallbackSshPort;
    return platform;
}

VmEndpoint toEndpoint(const QemuDomainEndpoint &endpoint)
{
    return VmEndpoint{endpoint.privateAddress, 22, endpoint.sshHost, endpoint.sshPort};
}

Result<VmEndpoint> toEndpointResult(const Result<QemuDomainEndpoint> &result)
{
    if (!result)
        return result.error();
    return toEndpoint(*result);
}

} // namespace

QemuVmBackend::QemuVmBackend(const VmBackendContext &context, QObject *parent)
    : VmBackend(parent)
    , m_configured(Done{})
    , m_runner(platformFrom(context, m_configured))
{
    if (!context.forkXenstoreEndpoint)
        return;
    // The master is paused and its clones' QEMUs have not connected yet: the one moment at which its
    // channel's state (watches, calls awaiting a reply) is the state in the memory the clones resume.
    setMasterPausedHook([fork = context.forkXenstoreEndpoint](int master, const QList<int> &clones) {
        for (const int clone : clones) {
            if (const Status forked = fork(master, clone); !forked)
                spdlog::warn("qemu: domain {}'s xenstore channel starts afresh (fork of {}'s: {})", clone,
                             master, forked.error().toString());
        }
    });
}

Status QemuVmBackend::initialize()
{
    if (!m_configured)
        return m_configured;
    return m_runner.initialize();
}

void QemuVmBackend::setMasterPausedHook(std::function<void(int, const QList<int> &)> hook)
{
    m_runner.setMasterPausedHook(std::move(hook));
}

VmFootprint QemuVmBackend::cloneFootprint(const DomainInfo &master, int vcpus, qint64 memoryMb) const
{
    Q_UNUSED(vcpus);
    Q_UNUSED(memoryMb);
    return VmFootprint{master.vcpus, master.memoryMb};
}

QemuDomainPlan QemuVmBackend::plan(const VmSpec &spec)
{
    QemuDomainPlan plan;
    plan.domid = spec.domain.domid;
    plan.masterDomid = spec.domain.role == DomainRole::Master ? spec.domain.domid : spec.domain.master;
    plan.vcpus = spec.domain.vcpus;
    plan.memoryMb = spec.domain.memoryMb;
    // The control plane's address for the domain is the loopback address SSH is forwarded from;
    // on resume it keeps the forward it had.
    plan.loopbackAddress = spec.domain.sshHost.isEmpty() ? spec.domain.ip : spec.domain.sshHost;
    plan.sshPort = quint16(spec.domain.sshPort);
    plan.xenstoreEndpoint = spec.bridgeEndpoint;
    return plan;
}

QFuture<Result<VmEndpoint>> QemuVmBackend::startMaster(const VmSpec &master)
{
    QemuDomainPlan fresh = plan(master);
    fresh.sshPort = 0;
    return m_runner.startMaster(fresh).then(&toEndpointResult);
}

QFuture<QList<CloneOutcome>> QemuVmBackend::startClones(const VmSpec &master, const QList<VmSpec> &clones)
{
    QList<QemuDomainPlan> plans;
    for (const VmSpec &clone : clones) {
        QemuDomainPlan fresh = plan(clone);
        fresh.sshPort = 0;
        // A clone's memory is its master's: same vCPUs and RAM, whatever the ticket asked for.
        fresh.vcpus = master.domain.vcpus;
        fresh.memoryMb = master.domain.memoryMb;
        plans.append(fresh);
    }
    return m_runner.startClones(plan(master), plans).then([](const QList<QemuCloneResult> &results) {
        QList<CloneOutcome> outcomes;
        for (const QemuCloneResult &result : results)
            outcomes.append(CloneOutcome{result.domid, toEndpointResult(result.endpoint)});
        return outcomes;
    });
}

QFuture<Result<VmEndpoint>> QemuVmBackend::resume(const VmSpec &domain)
{
    return m_runner.resume(plan(domain)).then(&toEndpointResult);
}

QFuture<QList<DestroyOutcome>> QemuVmBackend::destroy(const QList<int> &domids)
{
    return m_runner.destroy(domids).then([](const QList<QemuDestroyResult> &results) {
        QList<DestroyOutcome> outcomes;
        for (const QemuDestroyResult &result : results)
            outcomes.append(DestroyOutcome{result.domid, result.status});
        return outcomes;
    });
}

QList<int> QemuVmBackend::existingDomains() const
{
    return m_runner.existingDomains();
}

QemuVmBackend::~QemuVmBackend()
{
    m_usageWorker.waitForDone();
}

QFuture<QHash<int, DomainUsage>> QemuVmBackend::sampleUsage(const QList<int> &domids)
{
    // The pids are read here, on the thread that owns the VMs; /proc is read on the worker.
    QHash<int, QList<qint64>> roots;
    for (int domid : domids) {
        if (const qint64 pid = m_runner.processId(domid); pid > 0)
            roots.insert(domid, {pid});
    }
    m_usageWorker.setMaxThreadCount(1);
    return QtConcurrent::run(&m_usageWorker, [this, roots] { return m_usage.sample(roots); });
}

} // namespace clonedeck
