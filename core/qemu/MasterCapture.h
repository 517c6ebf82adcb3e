#pragma once

// Captures a running master for one clone request, while it is paused: QMP
// `stop`; the device state through a migration into a file QEMU receives as a
// descriptor (x-ignore-shared: the RAM itself is not streamed, it is in the
// master's memory file); a sparse copy of that memory file; its disk's active
// layer frozen as the clones' base (with a disk image); the bridge's fork
// of the master's xenstore connection; `cont`. The pause is measured and
// logged. Whatever fails, the master runs again.
#include "QemuDomainPlan.h"
#include "QemuVm.h"
#include "RamSnapshot.h"

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>

#include <functional>

class QThreadPool;

namespace clonedeck {

class MasterCapture : public QObject
{
    Q_OBJECT
public:
    using Finished = std::function<void(const Result<SharedRamSnapshot> &)>;

    MasterCapture(const QemuPlatform &platform, QemuVm *master, QList<int> cloneDomids, QThreadPool *pool,
                  QObject *parent = nullptr);
    void start(Finished done);
    qint64 pauseMs() const { return m_pauseMs; }

    static constexpr int kMigrationTimeoutMs = 20000;

private:
    void freezeDisk();
    void migrate();
    void pollMigration();
    void copyMemory();
    void resumeMaster(const Result<SharedRamSnapshot> &outcome);

    const QemuPlatform &m_platform;
    QPointer<QemuVm> m_master;
    QList<int> m_clones;
    QThreadPool *m_pool;
    SharedRamSnapshot m_snapshot;
    QElapsedTimer m_paused;
    QDeadlineTimer m_migrationDeadline;
    qint64 m_pauseMs = -1;
    qint64 m_copiedBytes = 0;
    Finished m_done;
};

} // namespace clonedeck
