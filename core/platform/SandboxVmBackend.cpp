#include "SandboxVmBackend.h"

#include "Log.h"
#include "ProtocolPaths.h"
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
    , m_clientPublicKey(context.clientPublicKey)
    , m_server(std::make_unique<SandboxSshServer>())
{
    m_worker.setMaxThreadCount(1);
    m_worker.setExpiryTimeout(-1);
}

SandboxVmBackend::~SandboxVmBackend()
{
    // Work not begun is abandoned (those domains stay Creating and are rolled back at the next
    // start); the one running finishes its current VM.
    m_stopping = true;
    m_worker.clear();
    m_worker.waitForDone();
}

Status SandboxVmBackend::initialize()
{
    const QString vms = m_runDir + QStringLiteral("/vms");
    if (!QDir().mkpath(vms))
        return Error{EACCES, vms, QStringLiteral("cannot create the VM directory")};
    // Snapshots of an earlier run that stopped mid-clone.
    for (const QString &name : QDir(vms).entryList({kSnapshotPrefix + QLatin1Char('*')},
                                                   QDir::Dirs | QDir::Hidden | QDir::NoDotAndDotDot))
        SandboxDisk::remove(vms + QLatin1Char('/') + name);
    return Done{};
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
    SandboxEndpointSpec endpoint;
    endpoint.domid = spec.domain.domid;
    endpoint.vmid = spec.domain.vmid;
    endpoint.ticket = spec.domain.ticket;
    endpoint.directory = vmDirectory(spec.domain.domid);
    endpoint.address = spec.domain.ip;
    endpoint.preferredPort = port != 0 ? port : m_preferredPort;
    endpoint.fallbackPort = port != 0 ? port : m_fallbackPort;
    endpoint.extraEnvironment = m_vmEnvironment;
    // The VM's processes reach xenstore only through the endpoint given for this domain.
    endpoint.extraEnvironment.insert(QStringLiteral("XENSTORED_PATH"), spec.bridgeEndpoint);
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
    return QtConcurrent::run(&m_worker, [this, master, clones] { return cloneAll(master, clones); });
}

QList<CloneOutcome> SandboxVmBackend::cloneAll(const VmSpec &master, const QList<VmSpec> &clones)
{
    QList<CloneOutcome> outcomes;
    // One snapshot of the master for the whole request: every clone is the master as it was
    // at this instant, however long the copies take.
    const QString snapshot = snapshotDirectory(master.domain.domid);
    SandboxDisk::remove(snapshot);
    const auto taken = SandboxDisk::cloneFrom(vmDirectory(master.domain.domid), snapshot);
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
        if (auto copied = SandboxDisk::cloneFrom(snapshot, vmDirectory(domid)); !copied) {
            outcomes.append(CloneOutcome{domid, copied.error()});
            continue;
        }
        auto served = serve(clone);
        if (!served)
            SandboxDisk::remove(vmDirectory(domid)); // a failed clone leaves nothing behind
        outcomes.append(CloneOutcome{domid, served});
    }
    SandboxDisk::remove(snapshot);
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
