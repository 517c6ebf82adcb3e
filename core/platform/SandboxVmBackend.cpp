#include "SandboxVmBackend.h"

#include "Log.h"
#include "PrivateFiles.h"
#include "ProtocolPaths.h"
#include "SandboxConfinement.h"
#include "SandboxDisk.h"
#include "SandboxSshServer.h"

#include <QDir>
#include <QFileInfo>
#include <QtConcurrent/QtConcurrentRun>

namespace clonedeck {

namespace {
const QString kSnapshotPrefix = QStringLiteral(".snapshot-");

Error stopping()
{
    return Error{ECANCELED, {}, QStringLiteral("the platform is stopping")};
}
} // namespace

SandboxVmBackend::SandboxVmBackend(const VmBackendContext &context, QObject *parent)
    : VmBackend(parent)
    , m_runDir(context.config.runDir)
    , m_preferredPort(context.config.preferredSshPort)
    , m_fallbackPort(context.config.fallbackSshPort)
    , m_vmEnvironment(context.vmEnvironment)
    , m_openXenstoreEndpoint(context.openXenstoreEndpoint)
    , m_requestedConfinement(context.config.vmConfinement)
    , m_vmUidBase(context.config.vmUidBase)
    , m_confinement(std::make_unique<SandboxConfinement>())
    , m_clientPublicKey(context.clientPublicKey)
    , m_operatorKeysFile(context.config.operatorKeysFile)
    , m_server(std::make_unique<SandboxSshServer>())
{
    m_worker.setMaxThreadCount(1);
    m_worker.setExpiryTimeout(-1);
    m_usageWorker.setMaxThreadCount(1);
}

SandboxVmBackend::~SandboxVmBackend()
{
    // Work not begun is abandoned (those domains stay Creating and are rolled back at the next
    // start); the one running finishes its current VM.
    m_stopping = true;
    m_worker.clear();
    m_worker.waitForDone();
    m_usageWorker.waitForDone();
}

Status SandboxVmBackend::initialize()
{
    const QString vms = m_runDir + QStringLiteral("/vms");
    if (auto made = PrivateFiles::ensureDirectory(vms, 0700); !made)
        return made;
    auto confinement = SandboxConfinement::choose(m_requestedConfinement, m_vmUidBase, m_runDir);
    if (!confinement)
        return confinement.error();
    *m_confinement = *confinement;
    if (m_confinement->mode == SandboxConfinementMode::None)
        spdlog::warn("sandbox VMs are NOT confined (vm_confinement=none): their commands can read the run "
                     "directory, the platform's client key included");
    else
        spdlog::info("sandbox VM confinement: {}", m_confinement->describe());
    // Snapshots of an earlier run that stopped mid-clone.
    for (const QString &name : QDir(vms).entryList({kSnapshotPrefix + QLatin1Char('*')},
                                                   QDir::Dirs | QDir::Hidden | QDir::NoDotAndDotDot))
        SandboxDisk::remove(vms + QLatin1Char('/') + name);
    return Done{};
}

int SandboxVmBackend::endpointOwnerUid(int domid) const
{
    return m_confinement->mode == SandboxConfinementMode::SeparateUsers ? int(m_confinement->uidFor(domid))
                                                                        : -1;
}

QString SandboxVmBackend::vmDirectory(int domid) const
{
    return m_runDir + QStringLiteral("/vms/") + QString::number(domid);
}

QString SandboxVmBackend::snapshotDirectory(int masterDomid) const
{
    return m_runDir + QStringLiteral("/vms/") + kSnapshotPrefix + QString::number(masterDomid);
}

Result<VmEndpoint> SandboxVmBackend::serve(const VmSpec &spec, quint16 port)
{
    const int domid = spec.domain.domid;
    if (m_confinement->mode == SandboxConfinementMode::SeparateUsers) {
        // Made the VM's own before any of its commands can run (and again after a restart,
        // which may follow a change of confinement).
        if (auto owned = SandboxDisk::giveTo(vmDirectory(domid), m_confinement->uidFor(domid),
                                             m_confinement->gidFor(domid));
            !owned)
            return owned.error();
    }
    SandboxEndpointSpec endpoint;
    endpoint.domid = domid;
    endpoint.vmid = spec.domain.vmid;
    endpoint.ticket = spec.domain.ticket;
    endpoint.directory = vmDirectory(domid);
    endpoint.address = spec.domain.ip;
    endpoint.preferredPort = port != 0 ? port : m_preferredPort;
    endpoint.fallbackPort = port != 0 ? port : m_fallbackPort;
    endpoint.extraEnvironment = m_vmEnvironment;
    // The VM's processes reach xenstore only through the endpoint given for this domain (its
    // own on the bridge, never the privileged socket, which its view does not contain).
    endpoint.xenstoreSocket = spec.bridgeEndpoint;
    endpoint.extraEnvironment.insert(QStringLiteral("XENSTORED_PATH"), spec.bridgeEndpoint);
    if (m_openXenstoreEndpoint && !spec.bridgeEndpoint.isEmpty())
        endpoint.openXenstoreEndpoint = [open = m_openXenstoreEndpoint, domid] { return open(domid); };
    endpoint.confinement = *m_confinement;
    endpoint.operatorKeysFile = m_operatorKeysFile;
    auto served = m_server->addEndpoint(endpoint);
    if (!served)
        return served.error();
    return VmEndpoint{spec.domain.ip, *served, spec.domain.ip, *served};
}

QFuture<Result<VmEndpoint>> SandboxVmBackend::startMaster(const VmSpec &master)
{
    return QtConcurrent::run(&m_worker, [this, master]() -> Result<VmEndpoint> {
        if (m_stopping)
            return stopping();
        const QString dir = vmDirectory(master.domain.domid);
        if (!QFileInfo::exists(dir)) {
            if (auto created = SandboxDisk::createMaster(dir, m_clientPublicKey); !created)
                return created.error();
        }
        return serve(master);
    });
}

QFuture<QList<CloneOutcome>> SandboxVmBackend::startClones(const VmSpec &master, const QList<VmSpec> &clones)
{
    auto started = QtConcurrent::run(&m_worker, [this, master, clones] { return cloneAll(master, clones); });
    // The snapshot goes after the outcomes are out: removing a tree takes about as long as
    // copying it, and the caller's reply does not depend on it. The worker runs its tasks in
    // order, so the next clone of this master still finds it gone.
    if (clones.size() > 1)
        m_worker.start(
            [snapshot = snapshotDirectory(master.domain.domid)] { SandboxDisk::remove(snapshot); });
    return started;
}

QList<CloneOutcome> SandboxVmBackend::cloneAll(const VmSpec &master, const QList<VmSpec> &clones)
{
    QList<CloneOutcome> outcomes;
    // Every clone is the master as it was at one instant, however long the copies take: one
    // snapshot for the whole request, copied to each clone. A single clone is that instant's
    // copy itself, taken straight from the master.
    QString source = vmDirectory(master.domain.domid);
    Status taken = Done{};
    if (clones.size() > 1) {
        const QString snapshot = snapshotDirectory(master.domain.domid);
        SandboxDisk::remove(snapshot);
        taken = SandboxDisk::cloneFrom(source, snapshot);
        source = snapshot;
    }
    for (const VmSpec &clone : clones) {
        const int domid = clone.domain.domid;
        if (!taken) {
            outcomes.append(CloneOutcome{domid, taken.error()});
            continue;
        }
        if (m_stopping) {
            outcomes.append(CloneOutcome{domid, stopping()});
            continue;
        }
        if (auto copied = SandboxDisk::cloneFrom(source, vmDirectory(domid)); !copied) {
            outcomes.append(CloneOutcome{domid, copied.error()});
            continue;
        }
        auto served = serve(clone);
        if (!served)
            SandboxDisk::remove(vmDirectory(domid)); // a failed clone leaves nothing behind
        outcomes.append(CloneOutcome{domid, served});
    }
    return outcomes;
}

QFuture<Result<VmEndpoint>> SandboxVmBackend::resume(const VmSpec &domain)
{
    return QtConcurrent::run(&m_worker, [this, domain]() -> Result<VmEndpoint> {
        if (m_stopping)
            return stopping();
        const QString dir = vmDirectory(domain.domain.domid);
        if (!QFileInfo::exists(dir))
            return Error{ENOENT, dir, QStringLiteral("the VM's disk is gone")};
        // On the port it had: its address is part of what clients know of it.
        return serve(domain, quint16(domain.domain.sshPort));
    });
}

QFuture<QList<DestroyOutcome>> SandboxVmBackend::destroy(const QList<int> &domids)
{
    return QtConcurrent::run(&m_worker, [this, domids] {
        QList<DestroyOutcome> outcomes;
        for (int domid : domids) {
            m_server->removeEndpoint(domid); // not served (e.g. never started) is fine
            const QString dir = vmDirectory(domid);
            outcomes.append(
                DestroyOutcome{domid, QFileInfo::exists(dir) ? SandboxDisk::remove(dir) : Status(Done{})});
        }
        return outcomes;
    });
}

QList<int> SandboxVmBackend::existingDomains() const
{
    QList<int> domids;
    const QStringList names =
        QDir(m_runDir + QStringLiteral("/vms")).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    for (const QString &name : names) {
        if (const auto domid = protocol::parseDomid(name))
            domids.append(*domid);
    }
    return domids;
}

} // namespace clonedeck

namespace clonedeck {

QFuture<QHash<int, DomainUsage>> SandboxVmBackend::sampleUsage(const QList<int> &domids)
{
    return QtConcurrent::run(&m_usageWorker, [this, domids] {
        // Confined, the VM's init is pid 1 of the VM's PID namespace: everything its commands start,
        // orphans included, stays below it, so the tree is the whole VM whatever its processes do
        // (setsid, double fork). Unconfined (vm_confinement=none) an orphan escapes it.
        const std::map<int, std::vector<pid_t>> running = m_server->commandPids();
        QHash<int, QList<qint64>> roots;
        for (int domid : domids) {
            if (const auto it = running.find(domid); it != running.end())
                roots.insert(domid, QList<qint64>(it->second.begin(), it->second.end()));
        }
        return m_usage.sample(roots);
    });
}

} // namespace clonedeck
