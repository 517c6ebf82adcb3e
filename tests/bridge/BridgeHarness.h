#pragma once

// A real xenstored (Debian's, under the hypervisor stub) with the per-domain
// bridge in front of it, the bridge on a thread of its own with its own event
// loop (as on clonedeckd's), so a test may block on a guest's socket or on a
// libxenstore tool while the bridge serves. dom0() is the privileged view the
// platform has: it sets up what the control plane would and checks what changed.
#include "BridgeLimits.h"
#include "BridgeUsage.h"
#include "Error.h"
#include "XenstoreConnection.h"

#include <QProcessEnvironment>
#include <QTemporaryDir>
#include <QThread>

#include <functional>
#include <memory>

namespace clonedeck {
class XenstoreBridge;
class XenstoredProcess;
} // namespace clonedeck

namespace clonedeck::test {

struct ToolResult
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

class BridgeHarness
{
public:
    BridgeHarness();
    ~BridgeHarness();

    QString start(const bridge::BridgeLimits &limits = {}); // empty on success, else why not
    XenstoreConnection &dom0() { return *m_dom0; }
    XenstoredProcess &xenstored() { return *m_xenstored; }
    QString rootDirectory() const { return m_dir.path(); }
    QString bridgeDirectory() const { return m_dir.path() + QStringLiteral("/bridge"); }

    QString openEndpoint(int domid, int ownerUid = -1); // its path, empty on failure
    Status forkEndpoint(int masterDomid, int cloneDomid);
    void closeEndpoint(int domid);
    int connectionCount(int domid);
    bridge::BridgeUsage usage(int domid);

    // What the control plane publishes for a running domain (name, domid, requests, replies).
    void publishDomain(int domid, const QByteArray &name);
    // A libxenstore tool (xenstore-read, ...) as domain `domid`'s processes run it.
    ToolResult runTool(const QString &tool, const QStringList &args, int domid,
                       const QStringList &wrapper = {});

private:
    void onBridgeThread(const std::function<void()> &work);

    QTemporaryDir m_dir;
    std::unique_ptr<XenstoredProcess> m_xenstored;
    std::unique_ptr<XenstoreConnection> m_dom0;
    QThread m_thread;
    XenstoreBridge *m_bridge = nullptr;
};

} // namespace clonedeck::test
