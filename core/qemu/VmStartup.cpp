#include "VmStartup.h"

#include "DiskOverlay.h"
#include "QemuLaunch.h"

#include <QTimer>

namespace clonedeck {

VmStartup::VmStartup(const QemuPlatform &platform, QemuDomainPlan plan, QemuVm *vm, QThreadPool *pool,
                     int timeoutMs, QObject *parent)
    : QObject(parent)
    , m_platform(platform)
    , m_plan(std::move(plan))
    , m_vm(vm)
    , m_pool(pool)
    , m_timeoutMs(timeoutMs)
{}

void VmStartup::start(Finished done)
{
    m_done = std::move(done);
    m_timer.start();
    m_deadline = QDeadlineTimer(m_timeoutMs);
    QTimer::singleShot(0, this, &VmStartup::prepare);
}

int VmStartup::remainingMs() const
{
    return int(std::max<qint64>(1, m_deadline.remainingTime()));
}

void VmStartup::finish(const Result<QemuDomainEndpoint> &result)
{
    if (m_probe)
        m_probe->cancel();
    released();
    if (auto done = std::exchange(m_done, nullptr))
        done(result);
}

void VmStartup::prepare()
{
    const auto port = qemulaunch::chooseSshPort(m_plan.loopbackAddress, m_plan.sshPort,
                                                m_platform.preferredSshPort, m_platform.fallbackSshPort);
    if (!port)
        return finish(port.error());
    const QString backing = overlayBacking();
    if (auto prepared =
            m_vm->prepare(qemulaunch::facts(m_platform, m_plan, isClone(), *port, !backing.isEmpty()));
        !prepared)
        return finish(prepared.error());
    if (backing.isEmpty())
        return launch();
    // The backing file stays as it is: this domain writes to an overlay of its own.
    qemulaunch::inBackground<Status>(
        m_pool, this,
        [backing, format = overlayBackingFormat(), overlay = m_vm->facts().overlayPath] {
            return DiskOverlay::create(backing, overlay, format);
        },
        [this](const Status &created) {
            if (!created)
                return finish(created.error());
            launch();
        });
}

void VmStartup::launch()
{
    const auto spec = machine(qemulaunch::machineSpec(m_platform, m_plan, *m_vm, m_vm->facts().sshPort));
    if (!spec)
        return finish(spec.error());
    connect(m_vm, &QemuVm::exited, this, [this] {
        finish(
            Error{EIO, m_vm->directory(), QStringLiteral("QEMU ended while starting: ") + m_vm->logTail()});
    });
    if (auto launched = m_vm->launch(spec->qemuBinary, QemuCommandLine::arguments(*spec)); !launched)
        return finish(launched.error());
    connect(
        &m_vm->qmp(), &QmpClient::ready, this,
        [this] {
            disconnect(&m_vm->qmp(), &QmpClient::failed, this, nullptr);
            monitorReady();
        },
        Qt::SingleShotConnection);
    connect(
        &m_vm->qmp(), &QmpClient::failed, this, [this](const Error &error) { finish(error); },
        Qt::SingleShotConnection);
    m_vm->qmp().connectTo(m_vm->qmpPath(), remainingMs());
}

void VmStartup::checkSsh(std::function<void()> answered, int silenceMs)
{
    m_probe = new SshBannerProbe(m_vm->facts().sshHost, m_vm->facts().sshPort, this);
    m_probe->start(
        remainingMs(),
        [this, answered](const Status &status) {
            if (!status)
                return finish(status.error());
            answered();
        },
        silenceMs);
}

} // namespace clonedeck
