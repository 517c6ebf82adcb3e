#include "MasterBoot.h"

#include "Log.h"
#include "QemuLaunch.h"

#include <QFile>

namespace clonedeck {

MasterBoot::MasterBoot(const QemuPlatform &platform, QemuDomainPlan plan, QemuVm *vm, QThreadPool *pool,
                       QObject *parent)
    : VmStartup(platform, std::move(plan), vm, pool, platform.options.bootTimeoutMs, parent)
{}

Result<QemuMachineSpec> MasterBoot::machine(QemuMachineSpec spec) const
{
    const auto append = qemulaunch::kernelCommandLine(m_platform, m_plan);
    if (!append)
        return append.error();
    QFile::remove(spec.ramPath); // an earlier boot's memory is not this one's
    spec.kernel = m_platform.options.kernelPath();
    spec.initrd = m_platform.options.initrdPath();
    spec.kernelAppend = *append;
    return spec;
}

void MasterBoot::monitorReady()
{
    // A master is captured later; the capability is its state from the start.
    m_vm->qmp().execute(QStringLiteral("migrate-set-capabilities"), QemuCommandLine::ignoreSharedMemory(),
                        this, [this](const Result<QJsonValue> &set) {
                            if (!set)
                                finish(set.error());
                        });
    spdlog::info("domain {}: QEMU ({}, pid {}) started in {} ms; waiting for the guest's SSH on {}:{}",
                 m_plan.domid, m_platform.accelerator, m_vm->pid(), m_timer.elapsed(), m_plan.loopbackAddress,
                 m_vm->facts().sshPort);
    checkSsh([this] {
        spdlog::info("domain {}: master booted, SSH answering after {} ms", m_plan.domid, m_timer.elapsed());
        finish(qemulaunch::endpoint(m_vm->facts()));
    });
}

} // namespace clonedeck
