#pragma once

// Which VM backends a clonedeckd can run, by name ("sandbox", "qemu"), and what
// each is built from. Not a global: app/clonedeckd/VmBackends.cpp fills one with
// one line per backend and hands it to the EmbeddedPlatform, which builds the
// one named by `--backend` or `[platform] backend=`.
#include "PlatformConfig.h"
#include "VmBackend.h"

#include <QMap>
#include <QProcessEnvironment>
#include <QStringList>

#include <functional>
#include <memory>

namespace clonedeck {

// What the platform gives a backend to build itself from.
struct VmBackendContext
{
    PlatformConfig config;             // runDir, ports, and `backendSettings`: the keys of the INI group
                                       // named after the backend (e.g. [qemu])
    QString clientKeyPath;             // the platform's private key, which every master must accept...
    QByteArray clientPublicKey;        // ...as this authorized_keys line
    QProcessEnvironment vmEnvironment; // what a VM's host-side processes may inherit (PATH)
    // Hands a clone's xenstore endpoint the live state of its master's (XenstoreBridge::forkEndpoint),
    // so a guest resumed from the master's memory mid-call completes the call as the clone. A backend
    // whose clones are snapshots of a running master calls it while the master is paused, before the
    // clone's VM connects. Empty: the platform has no bridge.
    std::function<Status(int masterDomid, int cloneDomid)> forkXenstoreEndpoint;
    // Opens a domain's reserved xenstore endpoint (XenstoreBridge::openReserved), for a backend that
    // opensEndpointOnFirstUse(). Callable from any thread; once open it stays open while the domain
    // lives, and later calls return at once. Empty: the platform has no bridge.
    std::function<Status(int domid)> openXenstoreEndpoint;
};

class VmBackendRegistry
{
public:
    using Factory = std::function<std::unique_ptr<VmBackend>(const VmBackendContext &context)>;

    void add(const QString &name, Factory factory);
    QStringList names() const { return m_factories.keys(); }
    bool contains(const QString &name) const { return m_factories.contains(name); }
    // The backend called `name`, or EINVAL naming the ones there are.
    Result<std::unique_ptr<VmBackend>> create(const QString &name, const VmBackendContext &context) const;

private:
    QMap<QString, Factory> m_factories;
};

} // namespace clonedeck
