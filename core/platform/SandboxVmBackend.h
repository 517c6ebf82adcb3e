#pragma once

// Runs domains as sandbox VMs: a directory per domain under <runDir>/vms and an
// SSH endpoint on the domain's own loopback address. The VMs' commands are
// processes on this host, confined per SandboxConfinement: each sees its own
// directory and xenstore endpoint (<runDir>/bridge/<domid>.sock) and nothing else
// of the run directory (docs/security.md).
#include "SandboxConfinement.h"
#include "VmBackend.h"

#include <QProcessEnvironment>
#include <QString>

#include <memory>

namespace clonedeck {

class SandboxSshServer;
class XenstoreBridge;

class SandboxVmBackend : public VmBackend
{
public:
    // Each VM's processes get their own endpoint on `bridge` as XENSTORED_PATH.
    SandboxVmBackend(QString runDir, quint16 preferredPort, quint16 fallbackPort,
                     QProcessEnvironment vmEnvironment, SandboxConfinement confinement,
                     XenstoreBridge *bridge);
    ~SandboxVmBackend() override;

    // Creates the platform's client key pair (installed in every master) if missing.
    Status initialize();
    QString clientKeyPath() const;

    QString kind() const override { return QStringLiteral("sandbox"); }
    Result<quint16> startMaster(const DomainInfo &master) override;
    Result<quint16> startClone(const DomainInfo &master, const DomainInfo &clone) override;
    Result<quint16> resume(const DomainInfo &domain) override;
    Status destroy(int domid) override;
    QList<int> existingDomains() const override;

private:
    QString vmDirectory(int domid) const;
    Result<quint16> serve(const DomainInfo &domain);

    QString m_runDir;
    quint16 m_preferredPort;
    quint16 m_fallbackPort;
    QProcessEnvironment m_vmEnvironment;
    SandboxConfinement m_confinement;
    XenstoreBridge *m_bridge;
    QByteArray m_clientPublicKey;
    std::unique_ptr<SandboxSshServer> m_server;
};

} // namespace clonedeck
