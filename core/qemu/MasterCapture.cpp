#include "MasterCapture.h"

#include "Log.h"

#include <QDateTime>
#include <QFile>
#include <QFutureWatcher>
#include <QtConcurrent/QtConcurrentRun>
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
    auto *watcher = new QFutureWatcher<Result<qint64>>(this);
    connect(watcher, &QFutureWatcher<Result<qint64>>::finished, this, [this, watcher] {
        watcher->deleteLater();
        const Result<qint64> copied = watcher->result();
        if (!copied)
            return resumeMaster(copied.error());
        m_copiedBytes = *copied;
        if (m_platform.masterPaused)
            m_platform.masterPaused(m_master->domid(), m_clones);
        resumeMaster(m_snapshot);
    });
    watcher->setFuture(QtConcurrent::run(m_pool, &RamSnapshot::copySparse, m_master->facts().ramPath,
                                         m_snapshot->ramPath()));
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
