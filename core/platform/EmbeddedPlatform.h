#pragma once

// The whole embedded platform of clonedeckd in one object: Debian's xenstored
// under the hypervisor stub, the per-domain xenstore bridge in front of it (the
// only way a VM reaches xenstore), the VM backend chosen by name, the store, and
// the control plane, started in order in a private run directory and stopped in
// reverse.
#include "Error.h"
#include "PlatformConfig.h"
#include "RunDirectoryLock.h"
#include "VmBackendRegistry.h"

#include <QObject>

#include <memory>

namespace clonedeck {

class BridgeEndpoints;
class ControlPlane;
class LivenessProbe;
class XenstoreBridge;
class XenstoredProcess;

class EmbeddedPlatform : public QObject
{
    Q_OBJECT
public:
    EmbeddedPlatform(PlatformConfig config, VmBackendRegistry backends, QObject *parent = nullptr);
    ~EmbeddedPlatform() override;

    // Takes the run directory's lock, starts xenstored, loads the store and starts reconciling;
    // ready() follows once every VM is resumed or created and requests are served.
    Status start();
    void stop();

    QString socketPath() const;
    ControlPlane *controlPlane() const { return m_controlPlane.get(); }

signals:
    void ready();

private:
    Status startBackend();
    // xenstored died under us: start it again and publish everything anew.
    void restartXenstored();

    PlatformConfig m_config;
    VmBackendRegistry m_backends;
    RunDirectoryLock m_lock; // taken first, dropped last
    std::unique_ptr<XenstoredProcess> m_xenstored;
    std::unique_ptr<XenstoreBridge> m_bridge; // outlives the backend and the control plane
    std::unique_ptr<VmBackend> m_backend;
    std::unique_ptr<BridgeEndpoints> m_endpoints;
    std::unique_ptr<ControlPlane> m_controlPlane;
    LivenessProbe *m_liveness = nullptr;
    int m_restarts = 0;
};

} // namespace clonedeck
