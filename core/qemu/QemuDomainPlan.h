#pragma once

// What the backend's operations need to know about one domain and about the
// platform they run in, independent of the control plane's records.
#include "PrivateNetwork.h"
#include "QemuOptions.h"

#include <QString>

#include <functional>
#include <optional>

namespace clonedeck {

struct QemuDomainPlan
{
    int domid = 0;
    int masterDomid = 0;
    int vcpus = 1;
    qint64 memoryMb = 256;
    QString loopbackAddress;  // the control plane's address for the domain: SSH is forwarded there
    quint16 sshPort = 0;      // 0: the preferred port if it can be bound, else the fallback
    QString xenstoreEndpoint; // the domain's endpoint on the xenstore bridge (empty: none)
};

struct QemuDomainEndpoint
{
    QString privateAddress; // on the cluster's private network (what `ltd` prints)
    QString sshHost;        // the loopback forward
    quint16 sshPort = 0;
};

// Shared by every operation of one backend; owned by it.
struct QemuPlatform
{
    QemuOptions options;
    QString accelerator = QStringLiteral("tcg");
    PrivateNetwork network = *PrivateNetwork::parse(QStringLiteral("10.77.0.0/16"));
    QString authorizedKey; // the platform's client key, "ssh-ed25519 AAAA..." (installed in every master)
    quint16 preferredSshPort = 22;
    quint16 fallbackSshPort = 2222;
    // Called while a master is paused for a capture, before its clones start (the bridge forks the
    // master's xenstore connection for each clone here).
    std::function<void(int masterDomid, const QList<int> &cloneDomids)> masterPaused;

    QString vmDirectory(int domid) const
    {
        return options.domainsDir() + QLatin1Char('/') + QString::number(domid);
    }
    QString masterRamPath(int domid) const { return options.ramDir + QStringLiteral("/%1.ram").arg(domid); }
    QString switchPath(int masterDomid) const
    {
        return options.domainsDir() + QStringLiteral("/net-%1.sock").arg(masterDomid);
    }
};

} // namespace clonedeck

namespace clonedeck {

struct QemuCloneResult
{
    int domid = 0;
    Result<QemuDomainEndpoint> endpoint = Error{ECANCELED, {}, QStringLiteral("not started")};
};

struct QemuDestroyResult
{
    int domid = 0;
    Status status = Done{};
};

} // namespace clonedeck
