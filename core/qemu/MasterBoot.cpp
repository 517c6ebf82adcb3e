#include "MasterBoot.h"

#include "DiskOverlay.h"
#include "Log.h"
#include "QemuLaunch.h"

#include <QFile>
#include <QTimer>

namespace clonedeck {

namespace {
constexpr int kQmpConnectMs = 15000;
}

MasterBoot::MasterBoot(const QemuPlatform &platform, QemuDomainPlan plan, QemuVm *vm, QThreadPool *pool,
                       QObject *parent)
    : QObject(parent)
    , m_platform(platform)
    , m_plan(std::move(plan))
    , m_vm(vm)
    , m_pool(pool)
{}

void MasterBoot::start(Finished done)
{
    m_done = std::move(done);
    m_timer.start();
    QTimer::singleShot(0, this, &MasterBoot::prepare);
}

void MasterBoot::finish(const Result<QemuDomainEndpoint> &result)
{
    if (m_probe)
        m_probe->cancel();
    if (auto done = std::exchange(m_done, nullptr))
        done(result);
}

void MasterBoot::prepare()
{
    const auto port = qemulaunch::chooseSshPort(m_plan.loopbackAddress, m_plan.sshPort,
                                                m_platform.preferredSshPort, m_platform.fallbackSshPort);
    if (!port)
        return finish(port.error());
    const auto append = qemulaunch::kernelCommandLine(m_platform, m_plan);
    if (!append)
        return finish(append.error());
    m_kernelAppend = *append;
    const QString image = m_platform.options.disk;
    if (auto prepared = m_vm->prepare(qemulaunch::facts(m_platform, m_plan, false, *port, !image.isEmpty()));
        !prepared)
        return finish(prepared.error());
    QFile::remove(m_vm->facts().ramPath); // an earlier boot's memory is not this one's
    if (image.isEmpty())
        return launch();
    // The image stays as it is: the master writes to an overlay of its own.
    qemulaunch::inBackground<Status>(
        m_pool, this,
        [image, overlay = m_vm->facts().overlayPath] { return DiskOverlay::create(image, overlay); },
        [this](const Status &created) {
            if (!created)
                return finish(created.error());
            launch();
        });
}

void MasterBoot::launch()
{
    QemuMachineSpec spec = qemulaunch::machineSpec(m_platform, m_plan, *m_vm, m_vm->facts().sshPort);
    spec.kernel = m_platform.options.kernelPath();
    spec.initrd = m_platform.options.initrdPath();
    spec.kernelAppend = m_kernelAppend;
    connect(m_vm, &QemuVm::exited, this, [this] {
        finish(Error{EIO, m_vm->directory(), QStringLiteral("QEMU ended during boot: ") + m_vm->logTail()});
    });
    if (auto launched = m_vm->launch(spec.qemuBinary, QemuCommandLine::arguments(spec)); !launched)
        return finish(launched.error());
    connect(&m_vm->qmp(), &QmpClient::ready, this, &MasterBoot::waitForSsh, Qt::SingleShotConnection);
    connect(
        &m_vm->qmp(), &QmpClient::failed, this, [this](const Error &error) { finish(error); },
        Qt::SingleShotConnection);
    m_vm->qmp().connectTo(m_vm->qmpPath(), kQmpConnectMs);
}

void MasterBoot::waitForSsh()
{
    disconnect(&m_vm->qmp(), &QmpClient::failed, this, nullptr);
    m_vm->qmp().execute(QStringLiteral("migrate-set-capabilities"), QemuCommandLine::ignoreSharedMemory(),
                        this, [this](const Result<QJsonValue> &set) {
                            if (!set)
                                finish(set.error());
                        });
    spdlog::info("domain {}: QEMU ({}, pid {}) started in {} ms; waiting for the guest's SSH on {}:{}",
                 m_plan.domid, m_platform.accelerator, m_vm->pid(), m_timer.elapsed(), m_plan.loopbackAddress,
                 m_vm->facts().sshPort);
    m_probe = new SshBannerProbe(m_plan.loopbackAddress, m_vm->facts().sshPort, this);
    m_probe->start(m_platform.options.bootTimeoutMs, [this](const Status &answered) {
        if (!answered)
            return finish(answered.error());
        spdlog::info("domain {}: master booted, SSH answering after {} ms", m_plan.domid, m_timer.elapsed());
        finish(qemulaunch::endpoint(m_vm->facts()));
    });
}

} // namespace clonedeck
