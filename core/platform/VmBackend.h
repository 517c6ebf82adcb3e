#pragma once

// What the control plane needs from whatever runs the VMs: sandbox VMs on a
// machine without Xen, QEMU VMs, (later) a real Xen toolstack. The control
// plane decides and commits; a backend only makes it so, asynchronously, so the
// daemon's loop keeps serving other domains while VMs start (issue 10, item 4).
//
// Threading contract (docs: /work/plan/notes/daemon.md, docs/architecture.md):
// - Every method is called on the thread that owns the backend (clonedeckd's
//   main thread), one call at a time.
// - A future may finish on any thread, also before the call returns: the control
//   plane always continues on its own thread through the event loop
//   (PendingWork::whenDone), never from inside the call.
// - The control plane never has two operations in flight for the same domid: a
//   domain's destroy is issued only after its start (or resume) has finished.
// - A backend's destructor ends or abandons whatever is in flight and returns
//   (VMs stay as they are: the next start resumes them).
#include "Error.h"
#include "PlatformRecords.h"
#include "UsageRecord.h"

#include <QFuture>
#include <QHash>
#include <QList>
#include <QObject>

namespace clonedeck {

// Where a VM's SSH answers: on the cluster's network (ip/port, what `ltd` prints) and
// from the host that runs it (sshHost/sshPort, a loopback address). The same for sandbox VMs.
struct VmEndpoint
{
    QString ip;
    quint16 port = 0;
    QString sshHost;
    quint16 sshPort = 0;
};

// What a domain really costs on its host.
struct VmFootprint
{
    int vcpus = 0;
    qint64 memoryMb = 0;
};

// Everything a backend is told about one domain.
struct VmSpec
{
    // domid, name, cluster, role, master, vmid, ticket, vcpus, memory, host, and `ip`: the
    // address on the cluster's network the control plane allocated (and keeps) for it. On
    // resume also the endpoint it had (port, sshHost, sshPort), which it should keep.
    DomainInfo domain;
    // The xenstore endpoint this VM's xenstore clients must use: a unix socket path on this
    // host (sandbox VMs: XENSTORED_PATH of its processes; QEMU: what its virtio-serial
    // chardev connects to). Empty: the backend has no xenstore to offer the VM.
    QString bridgeEndpoint;
};

struct CloneOutcome
{
    int domid = 0;
    Result<VmEndpoint> endpoint; // an error: this clone left nothing behind
};

struct DestroyOutcome
{
    int domid = 0;
    Status status; // an error: the domain may still exist; the next start retries
};

class VmBackend : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;
    ~VmBackend() override = default;

    // What runs the domains ("sandbox", "qemu"), published on hosts and domains.
    virtual QString kind() const = 0;
    // The accelerator in use ("kvm", "tcg"), empty where there is none.
    virtual QString accelerator() const { return {}; }
    // Once, at start-up, before any other call; may block (checks, images, directories).
    virtual Status initialize() = 0;
    // The uid whose processes connect to the domain's xenstore endpoint, which is made theirs
    // (sandbox VMs with a uid each); -1: the daemon's own (QEMU connects for its guest).
    virtual int endpointOwnerUid(int domid) const
    {
        Q_UNUSED(domid);
        return -1;
    }
    // True: the control plane only reserves a domain's xenstore endpoint (VmSpec::bridgeEndpoint
    // is its path, with no socket yet) and the backend opens it just before the VM first needs it
    // (VmBackendContext::openXenstoreEndpoint), so an idle VM holds no descriptor for it. False
    // (QEMU: its chardev connects as the VM starts): the endpoint is open when the backend starts it.
    virtual bool opensEndpointOnFirstUse() const { return false; }
    // True when a clone resumes its master's memory (QEMU): whatever call the master had in flight
    // at the capture, such as the `gc clone` that asked for the clone, waits in the clone too and
    // is answered there. Sandbox VMs start a clone from the master's files only, with nothing
    // waiting in it, so no reply is written for it.
    virtual bool clonesResumeTheMastersMemory() const { return false; }

    // What one clone of `master` really costs when a ticket asks for (vcpus, memoryMb) per
    // clone. Sandbox VMs cost what was asked; a QEMU clone is a copy of the master's memory
    // image, so it costs the master's vCPUs and memory whatever the ticket said. Tickets
    // reserve, and publish, this footprint.
    virtual VmFootprint cloneFootprint(const DomainInfo &master, int vcpus, qint64 memoryMb) const
    {
        Q_UNUSED(master);
        return VmFootprint{vcpus, memoryMb};
    }

    // Creates the master's disk if it has none, and makes it reachable.
    virtual QFuture<Result<VmEndpoint>> startMaster(const VmSpec &master) = 0;
    // Every clone of one request from ONE snapshot of the master taken when the work starts
    // (the master pauses once, briefly), then makes each reachable. One outcome per clone, in
    // any order; a clone that fails leaves nothing behind.
    virtual QFuture<QList<CloneOutcome>> startClones(const VmSpec &master, const QList<VmSpec> &clones) = 0;
    // After a daemon restart: re-adopt a domain that should be running (its disk, its
    // processes or QMP socket), on the endpoint it had. A failure must NOT destroy anything
    // (e.g. its port is taken by someone else): the control plane marks the domain Failed with
    // the reason and keeps it for the operator; a later start retries.
    virtual QFuture<Result<VmEndpoint>> resume(const VmSpec &domain) = 0;
    // Ends domains: every process of each stops, its disk goes. Idempotent: an unknown domid is
    // destroyed already.
    virtual QFuture<QList<DestroyOutcome>> destroy(const QList<int> &domids) = 0;
    // Domains that exist (have a disk), whatever the store says: the reconciler's view of reality.
    virtual QList<int> existingDomains() const = 0;
    // What these running domains use now: CPU % since the previous call, memory. Measured off the
    // caller's thread; the control plane asks again only once the last answer is in. A domain that
    // runs nothing (an idle sandbox VM) may be left out: it uses nothing.
    virtual QFuture<QHash<int, DomainUsage>> sampleUsage(const QList<int> &domids)
    {
        Q_UNUSED(domids);
        return QtFuture::makeReadyFuture(QHash<int, DomainUsage>{});
    }
};

} // namespace clonedeck
