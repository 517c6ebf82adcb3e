#include "SandboxVmBackend.h"

#include "Log.h"
#include "PrivateFiles.h"
#include "ProtocolPaths.h"
#include "SandboxDisk.h"
#include "SandboxSshServer.h"
#include "XenstoreBridge.h"

#include <QDir>
#include <QFileInfo>

namespace clonedeck {

SandboxVmBackend::SandboxVmBackend(QString runDir, quint16 preferredPort, quint16 fallbackPort,
                                   QProcessEnvironment vmEnvironment, SandboxConfinement confinement,
                                   XenstoreBridge *bridge)
    : m_runDir(std::move(runDir))
    , m_preferredPort(preferredPort)
    , m_fallbackPort(fallbackPort)
    , m_vmEnvironment(std::move(vmEnvironment))
    , m_confinement(std::move(confinement))
    , m_bridge(bridge)
    , m_server(std::make_unique<SandboxSshServer>())
{}

SandboxVmBackend::~SandboxVmBackend() = default;

Status SandboxVmBackend::initialize()
{
    if (auto vms = PrivateFiles::ensureDirectory(m_runDir + QStringLiteral("/vms"), 0700); !vms)
        return vms;
    if (m_confinement.mode == SandboxConfinementMode::None)
        spdlog::warn("sandbox VMs are NOT confined (vm_confinement=none): their commands can read the run "
                     "directory, the platform's client key included");
    else
        spdlog::info("sandbox VM confinement: {}", m_confinement.describe());
    auto key = ensureClientKeyPair(m_runDir + QStringLiteral("/client"));
    if (!key)
        return key.error();
    m_clientPublicKey = *key;
    return Done{};
}

QString SandboxVmBackend::clientKeyPath() const
{
    return m_runDir + QStringLiteral("/client/id_ed25519");
}

QString SandboxVmBackend::vmDirectory(int domid) const
{
    return m_runDir + QStringLiteral("/vms/") + QString::number(domid);
}

Result<quint16> SandboxVmBackend::serve(const DomainInfo &domain)
{
    const QString dir = vmDirectory(domain.domid);
    if (m_confinement.mode == SandboxConfinementMode::SeparateUsers) {
        // Made the VM's own before any of its commands can run (and again after a restart,
        // which may follow a change of confinement).
        if (auto owned = SandboxDisk::giveTo(dir, m_confinement.uidFor(domain.domid),
                                             m_confinement.gidFor(domain.domid));
            !owned)
            return owned.error();
    }
    SandboxEndpointSpec spec;
    spec.domid = domain.domid;
    spec.vmid = domain.vmid;
    spec.ticket = domain.ticket;
    spec.directory = dir;
    spec.address = domain.ip;
    spec.preferredPort = m_preferredPort;
    spec.fallbackPort = m_fallbackPort;
    spec.extraEnvironment = m_vmEnvironment;
    spec.confinement = m_confinement;
    // Its xenstore is its own endpoint on the bridge (never the privileged socket, which it
    // cannot see), open before any of its processes runs and bound into its view.
    const int owner = m_confinement.mode == SandboxConfinementMode::SeparateUsers
                          ? int(m_confinement.uidFor(domain.domid))
                          : -1;
    const auto xenstore = m_bridge->openEndpoint(domain.domid, owner);
    if (!xenstore)
        return xenstore.error();
    spec.xenstoreSocket = *xenstore;
    spec.extraEnvironment.insert(QStringLiteral("XENSTORED_PATH"), *xenstore);
    auto port = m_server->addEndpoint(spec);
    if (!port)
        m_bridge->closeEndpoint(domain.domid);
    return port;
}

Result<quint16> SandboxVmBackend::startMaster(const DomainInfo &master)
{
    const QString dir = vmDirectory(master.domid);
    if (!QFileInfo::exists(dir)) {
        if (auto created = SandboxDisk::createMaster(dir, m_clientPublicKey); !created)
            return created.error();
    }
    return serve(master);
}

Result<quint16> SandboxVmBackend::startClone(const DomainInfo &master, const DomainInfo &clone)
{
    const QString dir = vmDirectory(clone.domid);
    if (auto copied = SandboxDisk::cloneFrom(vmDirectory(master.domid), dir); !copied)
        return copied.error();
    return serve(clone);
}

Result<quint16> SandboxVmBackend::resume(const DomainInfo &domain)
{
    if (!QFileInfo::exists(vmDirectory(domain.domid)))
        return Error{ENOENT, vmDirectory(domain.domid), QStringLiteral("the VM's disk is gone")};
    return serve(domain);
}

Status SandboxVmBackend::destroy(int domid)
{
    m_server->removeEndpoint(domid); // not served (e.g. never started) is fine
    m_bridge->closeEndpoint(domid);  // after its processes are gone
    const QString dir = vmDirectory(domid);
    if (!QFileInfo::exists(dir))
        return Done{};
    return SandboxDisk::remove(dir);
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
