#pragma once

// The whole embedded platform of clonedeckd in one object: Debian's xenstored
// under the hypervisor stub, the per-domain xenstore bridge in front of it (the
// only way a VM reaches xenstore), the sandbox VM backend, and the control plane,
// started in order in a private run directory and stopped in reverse.
#include "Error.h"
#include "PlatformConfig.h"

#include <QObject>

#include <memory>

namespace clonedeck {

class ControlPlane;
class LivenessProbe;
class SandboxVmBackend;
class XenstoreBridge;
class XenstoredProcess;

class EmbeddedPlatform : public QObject
{
    Q_OBJECT
public:
    explicit EmbeddedPlatform(PlatformConfig config, QObject *parent = nullptr);
    ~EmbeddedPlatform() override;

    // Takes the run directory's lock, starts xenstored, resumes or creates the VMs, serves.
    Status start();
    void stop();

    QString socketPath() const;
    ControlPlane *controlPlane() const { return m_controlPlane.get(); }

private:
    Status lockRunDirectory();
    // xenstored died under us: start it again and publish everything anew.
    void restartXenstored();

    PlatformConfig m_config;
    int m_lockFd = -1;
    std::unique_ptr<XenstoredProcess> m_xenstored;
    std::unique_ptr<XenstoreBridge> m_bridge;
    std::unique_ptr<SandboxVmBackend> m_backend;
    std::unique_ptr<ControlPlane> m_controlPlane;
    LivenessProbe *m_liveness = nullptr;
    int m_restarts = 0;
};

} // namespace clonedeck
