#include "SandboxVmInitHolder.h"

#include "Log.h"
#include "SandboxSshServer.h"
#include "SandboxVmInit.h"

namespace clonedeck {

namespace {
// Its start is one clone, one exec of a small static program and a user namespace: milliseconds.
constexpr int kStartDeadlineMs = 10000;
} // namespace

Result<std::shared_ptr<SandboxVmInit>> SandboxVmInitHolder::acquire(const SandboxEndpointSpec &spec)
{
    std::lock_guard lock(m_mutex);
    if (m_init && !m_init->alive()) {
        const pid_t pid = m_init->pid();
        const QString end = m_init->describeEnd();
        m_init.reset();
        return Error{
            ECHILD, spec.directory,
            QStringLiteral("the VM's init (pid %1) has ended (%2), and every command it ran with it; "
                           "the next command starts a new one")
                .arg(pid)
                .arg(end)};
    }
    if (!m_init) {
        auto started = SandboxVmInit::start(spec, kStartDeadlineMs);
        if (!started)
            return started.error();
        m_init = std::shared_ptr<SandboxVmInit>(std::move(started).value());
        spdlog::debug("sandbox VM {}: its init runs as pid {}", spec.domid, m_init->pid());
    }
    return m_init;
}

void SandboxVmInitHolder::forget(const std::shared_ptr<SandboxVmInit> &init)
{
    std::lock_guard lock(m_mutex);
    if (m_init == init)
        m_init.reset();
}

void SandboxVmInitHolder::reset()
{
    std::shared_ptr<SandboxVmInit> ending;
    {
        std::lock_guard lock(m_mutex);
        ending.swap(m_init);
    }
}

pid_t SandboxVmInitHolder::pid() const
{
    std::lock_guard lock(m_mutex);
    return m_init ? m_init->pid() : 0;
}

} // namespace clonedeck
