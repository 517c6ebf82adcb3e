#include "MasterCapture.h"

#include "Log.h"
#include "QemuLaunch.h"

#include <QDateTime>
#include <QFile>
#include <QTimer>

#include <fcntl.h>
#include <unistd.h>

namespace clonedeck {

namespace {
constexpr int kMigrationPollMs = 2;
const QString kStateFdName = QStringLiteral("clonedeck-capture");
} // namespace

MasterCapture::MasterCapture(const QemuPlatform &platform, QemuVm *master, QList<int> cloneDomids,
                             QThreadPool *pool, QObject *parent)
    : QObject(parent)
    , m_platform(platform)
    , m_master(master)
    , m_clones(std::move(cloneDomids))
    , m_pool(pool)
{}

void MasterCapture::start(Finished done)
{
    m_done = std::move(done);
    const QString base =
        m_platform.options.ramDir +
        QStringLiteral("/snap-%1-%2").arg(m_master->domid()).arg(QDateTime::currentMSecsSinceEpoch());
    m_snapshot =
        std::make_shared<RamSnapshot>(base + QStringLiteral(".state"), base + QStringLiteral(".ram"));
    m_master->qmp().execute(QStringLiteral("stop"), {}, this, [this](const Result<QJsonValue> &stopped) {
        if (!stopped) {
            if (auto done = std::exchange(m_done, nullptr))
                done(stopped.error());
            return;
        }
        m_paused.start();
        freezeDisk();
    });
}

void MasterCapture::freezeDisk()
{
    QemuVmFacts facts = m_master->facts();
    if (facts.overlayPath.isEmpty())
        return migrate();
    // The master goes on writing to a new layer; the one it leaves is the clones' common base. Before the
    // migration: a completed migration deactivates the master's disks until `cont`.
    const int layer = facts.diskLayer + 1;
    const QString next = qemulaunch::overlayPath(m_platform, m_master->domid(), layer);
    m_master->qmp().execute(QStringLiteral("blockdev-snapshot-sync"),
                            {{QStringLiteral("node-name"), QStringLiteral("disk%1").arg(facts.diskLayer)},
                             {QStringLiteral("snapshot-file"), next},
                             {QStringLiteral("snapshot-node-name"), QStringLiteral("disk%1").arg(layer)},
                             {QStringLiteral("format"), QStringLiteral("qcow2")}},
                            this, [this, facts, layer, next](const Result<QJsonValue> &frozen) mutable {
                                if (!frozen)
                                    return resumeMaster(frozen.error());
                                m_snapshot->setDiskBase(facts.overlayPath);
                                facts.overlayPath = next;
                                facts.diskLayer = layer;
                                if (auto saved = m_master->updateFacts(facts); !saved)
                                    return resumeMaster(saved.error());
                                migrate();
                            });
}

void MasterCapture::migrate()
{
    const int fd = ::open(QFile::encodeName(m_snapshot->statePath()).constData(),
                          O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0)
        return resumeMaster(
            Error{errno, m_snapshot->statePath(), QStringLiteral("cannot create the state file")});
    m_master->qmp().execute(
        QStringLiteral("getfd"), {{QStringLiteral("fdname"), kStateFdName}}, this,
        [this](const Result<QJsonValue> &passed) {
            if (!passed)
                return resumeMaster(passed.error());
            m_migrationDeadline = QDeadlineTimer(kMigrationTimeoutMs);
            m_master->qmp().execute(QStringLiteral("migrate"),
                                    {{QStringLiteral("uri"), QStringLiteral("fd:") + kStateFdName}}, this,
                                    [this](const Result<QJsonValue> &started) {
                                        if (!started)
                                            return resumeMaster(started.error());
                                        pollMigration();
                                    });
        },
        fd);
    ::close(fd); // the channel sent its own duplicate
}

void MasterCapture::pollMigration()
{
    m_master->qmp().execute(
        QStringLiteral("query-migrate"), {}, this, [this](const Result<QJsonValue> &info) {
            if (!info)
                return resumeMaster(info.error());
            const QString status = info->toObject().value(QStringLiteral("status")).toString();
            if (status == QLatin1String("completed"))
                return copyMemory();
            if (status == QLatin1String("failed") || status == QLatin1String("cancelled"))
                return resumeMaster(
                    Error{EIO, m_snapshot->statePath(),
                          QStringLiteral("the state capture %1: %2")
                              .arg(status, info->toObject().value(QStringLiteral("error-desc")).toString())});
            if (m_migrationDeadline.hasExpired())
                return resumeMaster(Error{ETIMEDOUT, m_snapshot->statePath(),
                                          QStringLiteral("the state capture took too long")});
            QTimer::singleShot(kMigrationPollMs, this, &MasterCapture::pollMigration);
        });
}

void MasterCapture::copyMemory()
{
    // On a worker thread: the daemon keeps serving while the kernel copies.
    qemulaunch::inBackground<Result<qint64>>(
        m_pool, this,
        [from = m_master->facts().ramPath, to = m_snapshot->ramPath()] {
            return RamSnapshot::copySparse(from, to);
        },
        [this](const Result<qint64> &copied) {
            if (!copied)
                return resumeMaster(copied.error());
            m_copiedBytes = *copied;
            if (m_platform.masterPaused)
                m_platform.masterPaused(m_master->domid(), m_clones);
            resumeMaster(m_snapshot);
        });
}

void MasterCapture::resumeMaster(const Result<SharedRamSnapshot> &outcome)
{
    // A failed capture may have left a migration behind; cancelling a finished one is harmless.
    if (!outcome)
        m_master->qmp().execute(QStringLiteral("migrate_cancel"), {}, this,
                                [](const Result<QJsonValue> &) {});
    m_master->qmp().execute(
        QStringLiteral("cont"), {}, this, [this, outcome](const Result<QJsonValue> &resumed) {
            m_pauseMs = m_paused.elapsed();
            const auto level =
                m_pauseMs > m_platform.options.pauseWarningMs ? spdlog::level::warn : spdlog::level::info;
            spdlog::log(level, "domain {}: paused {} ms for a capture of {} clone(s) ({} MiB of RAM copied)",
                        m_master ? m_master->domid() : 0, m_pauseMs, m_clones.size(), m_copiedBytes >> 20);
            if (!resumed)
                spdlog::error("domain {}: cannot resume the master after the capture: {}",
                              m_master ? m_master->domid() : 0, resumed.error().toString());
            if (auto done = std::exchange(m_done, nullptr))
                done(outcome);
        });
}

} // namespace clonedeck
