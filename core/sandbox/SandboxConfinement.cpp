#include "SandboxConfinement.h"

#include "CompanionFile.h"

#include <csignal>
#include <sched.h>
#include <sys/wait.h>
#include <unistd.h>

namespace clonedeck {

namespace {

// Whether this process may make the namespaces a VM command needs: tried for real in a
// short-lived child, since a kernel may have them built in yet forbidden (sysctls, LSMs).
Status probeNamespaces(int flags)
{
    const pid_t child = ::fork();
    if (child < 0)
        return Error{errno, {}, QStringLiteral("cannot fork to probe namespaces")};
    if (child == 0)
        ::_exit(::unshare(flags) == 0 ? 0 : (errno & 0xff));
    int status = 0;
    while (::waitpid(child, &status, 0) < 0 && errno == EINTR) {
    }
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
        return Done{};
    const int code = WIFEXITED(status) ? WEXITSTATUS(status) : EPERM;
    return Error{code,
                 {},
                 QStringLiteral("this kernel does not let clonedeckd create the namespaces that confine "
                                "sandbox VMs (%1); run clonedeckd as root, enable unprivileged user "
                                "namespaces, or set vm_confinement=none to run VMs unconfined")
                     .arg(QString::fromLocal8Bit(strerror(code)))};
}

} // namespace

QString SandboxConfinement::findInitHelper()
{
    return CompanionFile::find("CLONEDECK_VM_INIT",
                               {QStringLiteral("../libexec/clonedeck-vm-init"),
                                QStringLiteral("../libexec/clonedeck/clonedeck-vm-init")},
                               QStringLiteral(CLONEDECK_INSTALL_LIBEXECDIR "/clonedeck/clonedeck-vm-init"),
                               true);
}

Result<SandboxConfinement> SandboxConfinement::choose(const QString &requested, uid_t uidBase,
                                                      const QString &runDir)
{
    SandboxConfinement confinement;
    confinement.uidBase = uidBase;
    confinement.runDir = runDir;
    const bool root = ::geteuid() == 0;
    if (requested == QLatin1String("none"))
        confinement.mode = SandboxConfinementMode::None;
    else if (requested == QLatin1String("uid") || (requested == QLatin1String("auto") && root))
        confinement.mode = SandboxConfinementMode::SeparateUsers;
    else if (requested == QLatin1String("namespaces") || requested == QLatin1String("auto"))
        confinement.mode = SandboxConfinementMode::Namespaces;
    else
        return Error{EINVAL, requested, QStringLiteral("vm_confinement is auto, uid, namespaces or none")};
    if (confinement.mode == SandboxConfinementMode::SeparateUsers && !root)
        return Error{EPERM, requested, QStringLiteral("vm_confinement=uid needs clonedeckd to run as root")};
    if (uidBase == 0 || uidBase > 0xF0000000u)
        return Error{EINVAL, QString::number(uidBase),
                     QStringLiteral("vm_uid_base must be in 1..4026531840")};
    confinement.initHelper = findInitHelper();
    if (confinement.initHelper.isEmpty())
        return Error{
            ENOENT, QStringLiteral("clonedeck-vm-init"),
            QStringLiteral("the sandbox VMs' init helper was not found (set CLONEDECK_VM_INIT to its "
                           "path)")};
    if (confinement.mode == SandboxConfinementMode::SeparateUsers) {
        if (auto probed = probeNamespaces(CLONE_NEWNS | CLONE_NEWPID); !probed)
            return probed.error();
    } else if (confinement.mode == SandboxConfinementMode::Namespaces) {
        if (auto probed = probeNamespaces(CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWPID); !probed)
            return probed.error();
    }
    return confinement;
}

uid_t SandboxConfinement::uidFor(int domid) const
{
    return mode == SandboxConfinementMode::SeparateUsers ? uidBase + uid_t(domid) : ::geteuid();
}

QString SandboxConfinement::describe() const
{
    switch (mode) {
    case SandboxConfinementMode::SeparateUsers:
        return QStringLiteral("own uid per VM (%1 + domid), own mount and PID namespaces").arg(uidBase);
    case SandboxConfinementMode::Namespaces:
        return QStringLiteral("user, mount and PID namespaces per command (uid %1)").arg(::geteuid());
    case SandboxConfinementMode::None:
        break;
    }
    return QStringLiteral("NONE: VM commands run unconfined as uid %1 and can read the run directory")
        .arg(::geteuid());
}

} // namespace clonedeck
