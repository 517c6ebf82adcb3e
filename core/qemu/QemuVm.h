#pragma once

// One domain's VM: its directory (<run-dir>/qemu/<domid>: sockets, logs, the
// facts a restarted clonedeckd needs), its QEMU process and its QMP
// connection. Destroying this object leaves the VM running; remove()
// ends it and deletes its files.
#include "Error.h"
#include "QemuProcess.h"
#include "QmpClient.h"

#include <QObject>

#include <functional>

namespace clonedeck {

// What a VM is, written into its directory when it starts (vm.json) and read back on adoption.
struct QemuVmFacts
{
    bool clone = false;
    int master = 0;
    QString sshHost;
    quint16 sshPort = 0;
    QString privateAddress;
    QString privateMac;
    QString ramPath;     // masters only: clones map their snapshot, whose name is gone once loaded
    QString overlayPath; // the disk's active qcow2 layer, when the platform uses a disk image
    int diskLayer = 0;   // its node is disk<layer>: each capture of a master freezes one layer
};

class QemuVm : public QObject
{
    Q_OBJECT
public:
    QemuVm(int domid, QString directory, QObject *parent = nullptr);

    int domid() const { return m_domid; }
    QString directory() const { return m_directory; }
    QString file(const QString &name) const { return m_directory + QLatin1Char('/') + name; }
    QString qmpPath() const { return file(QStringLiteral("qmp.sock")); }
    // qemu-ga's channel: the images keep the agent for operators; the backend itself no longer talks to it.
    QString agentPath() const { return file(QStringLiteral("agent.sock")); }
    QString netSocketPath() const { return file(QStringLiteral("net.sock")); }
    // The identity port's pipes, identity.in and identity.out (CloneIdentityChannel).
    QString identityPipePath() const { return file(QStringLiteral("identity")); }

    // A fresh directory (mode 0700) without the sockets of an earlier run, with the identity port's pipes
    // and `facts` written.
    Status prepare(const QemuVmFacts &facts);
    const QemuVmFacts &facts() const { return m_facts; }
    Status updateFacts(const QemuVmFacts &facts);
    Status loadFacts();

    Status launch(const QString &program, const QStringList &arguments);
    // Takes over the running QEMU of this directory (pid file, else /proc).
    Status adopt();
    bool isRunning() const { return m_process.isRunning(); }
    qint64 pid() const { return m_process.pid(); }
    // The end of QEMU's own log: what it said before it failed.
    QString logTail() const;

    QmpClient &qmp() { return m_qmp; }

    // Ends the VM (QMP quit, then signals) and deletes its directory and RAM file; `done` after.
    void remove(QObject *context, std::function<void()> done);

signals:
    void exited(int domid); // the QEMU process ended, whoever ended it

private:
    void deleteFiles();

    int m_domid;
    QString m_directory;
    QemuVmFacts m_facts;
    QemuProcess m_process;
    QmpClient m_qmp;
};

} // namespace clonedeck
