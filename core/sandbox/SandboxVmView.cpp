#include "SandboxVmView.h"

#include <QDir>
#include <QFile>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace clonedeck {

namespace {

constexpr unsigned long kHardened = MS_NOSUID | MS_NODEV | MS_NOEXEC;

// Runs in the child on a stack of its own: not instrumented, so no sanitizer state is left
// for that stack after it is unmapped.
__attribute__((no_sanitize("address"))) bool writeWhole(const char *path, const std::string &content) noexcept
{
    const int fd = ::open(path, O_WRONLY | O_CLOEXEC);
    if (fd < 0)
        return false;
    const bool written = ::write(fd, content.data(), content.size()) == ssize_t(content.size());
    ::close(fd);
    return written;
}

// Where the empty tmpfs goes. With the daemon's uid (user namespaces) the VM could search the
// run directory itself, so that is covered. With a uid of its own it could not even reach it:
// the highest directory on the way that "others" may not search (the run directory at the
// latest: it is 0700) is covered, so that the path to the VM's directory can be made anew
// inside; what lies below that directory was never reachable for the VM anyway.
QString coverFor(const SandboxConfinement &confinement)
{
    if (confinement.mode != SandboxConfinementMode::SeparateUsers)
        return confinement.runDir;
    const QStringList parts = confinement.runDir.split(QLatin1Char('/'), Qt::SkipEmptyParts);
    QString path;
    for (const QString &part : parts) {
        path += QLatin1Char('/') + part;
        struct stat st
        {
        };
        if (::stat(QFile::encodeName(path).constData(), &st) != 0 || !(st.st_mode & S_IXOTH))
            return path;
    }
    return confinement.runDir;
}

// A VM with a uid of its own needs a name for it: OpenSSH's client, for one, refuses to run
// for a uid without a passwd entry. Its view's /etc/passwd is the host's plus that entry
// (home: the VM's directory, as HOME), bound read-only from a file the VM cannot reach or
// change. Written at the VM's first command, as a new file renamed over the old, so commands
// already running keep theirs. Not synced: the file is derived, and one that is not what this
// VM needs (missing, or cut short by a crash before the kernel wrote it out) is written again;
// the sync was an fdatasync on the path of every fresh clone's first command.
Result<QString> writePasswdFor(const SandboxConfinement &confinement, int domid, const QString &vmDirectory)
{
    const QString dir = confinement.runDir + QStringLiteral("/identities");
    const QString path = dir + QStringLiteral("/%1.passwd").arg(domid);
    const QByteArray entry = QStringLiteral("vm%1:x:%2:%3:Clonedeck VM %1:%4:/bin/sh\n")
                                 .arg(domid)
                                 .arg(confinement.uidFor(domid))
                                 .arg(confinement.gidFor(domid))
                                 .arg(vmDirectory)
                                 .toUtf8();
    if (QFile written(path); written.open(QIODevice::ReadOnly) && written.readAll().endsWith(entry))
        return path;
    if (!QDir().mkpath(dir))
        return Error{EIO, dir, QStringLiteral("cannot create the VMs' identity directory")};
    QFile host(QStringLiteral("/etc/passwd"));
    if (!host.open(QIODevice::ReadOnly))
        return Error{EIO, host.fileName(), host.errorString()};
    QByteArray content = host.readAll();
    if (!content.isEmpty() && !content.endsWith('\n'))
        content += '\n';
    content += entry;
    QFile file(path + QStringLiteral(".new"));
    const bool ok = file.open(QIODevice::WriteOnly | QIODevice::Truncate) &&
                    file.write(content) == content.size() &&
                    file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner |
                                        QFileDevice::ReadGroup | QFileDevice::ReadOther) &&
                    file.flush();
    const QString error = file.errorString();
    file.close();
    const int renameError = ok && ::rename(QFile::encodeName(file.fileName()).constData(),
                                           QFile::encodeName(path).constData()) != 0
                                ? errno
                                : 0;
    if (!ok || renameError != 0) {
        QFile::remove(file.fileName());
        return Error{EIO, path, ok ? QString::fromLocal8Bit(std::strerror(renameError)) : error};
    }
    return path;
}

} // namespace

bool SandboxVmView::hasOwnPidNamespace() const
{
    return m_cloneFlags & CLONE_NEWPID;
}

Result<SandboxVmView> SandboxVmView::prepare(const SandboxConfinement &confinement, int domid,
                                             const QString &vmDirectory, const QString &xenstoreSocket)
{
    SandboxVmView view;
    if (!confinement.confines())
        return view;
    const QString cover = coverFor(confinement);
    if (!vmDirectory.startsWith(cover + QLatin1Char('/')))
        return Error{EINVAL, vmDirectory,
                     QStringLiteral("a VM's directory must lie inside the run directory")};
    view.m_cover = QFile::encodeName(cover).toStdString();
    view.m_cloneFlags = CLONE_NEWNS | CLONE_NEWPID;
    if (confinement.mode == SandboxConfinementMode::Namespaces) {
        // Map only the daemon's own ids, so files keep their owner and nothing else exists.
        view.m_cloneFlags |= CLONE_NEWUSER;
        const std::string uid = std::to_string(::geteuid());
        const std::string gid = std::to_string(::getegid());
        view.m_steps.push_back({Op::WriteProcFile, "/proc/self/setgroups", "deny", 0});
        view.m_steps.push_back({Op::WriteProcFile, "/proc/self/uid_map", uid + " " + uid + " 1\n", 0});
        view.m_steps.push_back({Op::WriteProcFile, "/proc/self/gid_map", gid + " " + gid + " 1\n", 0});
    } else {
        view.m_dropPrivileges = true;
        view.m_uid = confinement.uidFor(domid);
        view.m_gid = confinement.gidFor(domid);
    }
    // Our mounts stay ours: nothing propagates back to the host's mount namespace.
    view.m_steps.push_back({Op::MakePrivate, "/", {}, 0});
    // Opened in the child's new namespace (a bind's source must belong to it) before the tmpfs
    // hides them, bound in afterwards through /proc/self/fd.
    struct stat st
    {
    };
    const bool hasEndpoint = !xenstoreSocket.isEmpty() &&
                             ::lstat(QFile::encodeName(xenstoreSocket).constData(), &st) == 0 &&
                             S_ISSOCK(st.st_mode);
    view.m_steps.push_back(
        {Op::OpenPath, QFile::encodeName(vmDirectory).toStdString(), {}, kFirstExposureFd});
    if (hasEndpoint)
        view.m_steps.push_back(
            {Op::OpenPath, QFile::encodeName(xenstoreSocket).toStdString(), {}, kFirstExposureFd + 1});
    std::string passwdFd;
    if (view.m_dropPrivileges) {
        const auto passwd = writePasswdFor(confinement, domid, vmDirectory);
        if (!passwd)
            return passwd.error();
        const int fd = kFirstExposureFd + (hasEndpoint ? 2 : 1);
        view.m_steps.push_back({Op::OpenPath, QFile::encodeName(*passwd).toStdString(), {}, fd});
        passwdFd = "/proc/self/fd/" + std::to_string(fd);
    }
    view.m_steps.push_back({Op::MountTmpfs, view.m_cover, "mode=0755,size=64k,nr_inodes=256", 0});
    view.addExposure(vmDirectory, true);
    if (hasEndpoint)
        view.addExposure(xenstoreSocket, false);
    view.m_steps.push_back({Op::ReadOnly, view.m_cover, {}, 0});
    if (!passwdFd.empty()) {
        view.m_steps.push_back({Op::BindFd, "/etc/passwd", passwdFd, 0});
        view.m_steps.push_back({Op::ReadOnly, "/etc/passwd", {}, 0});
    }
    view.m_steps.push_back({Op::MountProc, "/proc", {}, 0});
    return view;
}

void SandboxVmView::addExposure(const QString &path, bool directory)
{
    // Exposures are opened in order, from kFirstExposureFd on.
    const int fd = kFirstExposureFd + int(std::count_if(m_steps.begin(), m_steps.end(),
                                                        [](const Step &s) { return s.op == Op::BindFd; }));
    // Every directory between the cover and the exposed path, created in the tmpfs.
    const QString cover = QFile::decodeName(QByteArray::fromStdString(m_cover));
    const QStringList parts = path.mid(cover.size() + 1).split(QLatin1Char('/'), Qt::SkipEmptyParts);
    QString current = cover;
    for (qsizetype i = 0; i + 1 < parts.size(); ++i) {
        current += QLatin1Char('/') + parts[i];
        m_steps.push_back({Op::MakeDirectory, QFile::encodeName(current).toStdString(), {}, 0755});
    }
    const std::string target = QFile::encodeName(path).toStdString();
    m_steps.push_back({directory ? Op::MakeDirectory : Op::MakeFile, target, {}, directory ? 0700 : 0600});
    m_steps.push_back({Op::BindFd, target, "/proc/self/fd/" + std::to_string(fd), 0});
}

__attribute__((no_sanitize("address"))) int SandboxVmView::apply() const noexcept
{
    int step = 0;
    for (const Step &s : m_steps) {
        ++step;
        const char *target = s.target.c_str();
        bool ok = true;
        switch (s.op) {
        case Op::WriteProcFile:
            ok = writeWhole(target, s.data);
            break;
        case Op::MakePrivate:
            ok = ::mount(nullptr, target, nullptr, MS_REC | MS_PRIVATE, nullptr) == 0;
            break;
        case Op::OpenPath: {
            const int fd = ::open(target, O_PATH | O_NOFOLLOW | O_CLOEXEC);
            ok = fd >= 0 && (fd == s.mode || (::dup2(fd, s.mode) == s.mode && ::close(fd) == 0));
            break;
        }
        case Op::MountTmpfs:
            ok = ::mount("tmpfs", target, "tmpfs", kHardened, s.data.c_str()) == 0;
            break;
        case Op::MakeDirectory:
            ok = ::mkdir(target, mode_t(s.mode)) == 0 || errno == EEXIST;
            break;
        case Op::MakeFile: {
            const int fd = ::open(target, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode_t(s.mode));
            ok = fd >= 0 && ::close(fd) == 0;
            break;
        }
        case Op::BindFd:
            ok = ::mount(s.data.c_str(), target, nullptr, MS_BIND, nullptr) == 0;
            break;
        case Op::ReadOnly:
            ok =
                ::mount(nullptr, target, nullptr, MS_REMOUNT | MS_BIND | MS_RDONLY | kHardened, nullptr) == 0;
            break;
        case Op::MountProc:
            ok = ::mount("proc", target, "proc", kHardened, nullptr) == 0;
            break;
        }
        if (!ok)
            return step;
    }
    if (m_dropPrivileges) {
        // Raw system calls: glibc's wrappers would change the credentials of every thread of the
        // parent, whose memory this child shares.
        ++step;
        if (::syscall(SYS_setgroups, 0, nullptr) != 0 || ::syscall(SYS_setresgid, m_gid, m_gid, m_gid) != 0 ||
            ::syscall(SYS_setresuid, m_uid, m_uid, m_uid) != 0)
            return step;
    }
    return 0;
}

QString SandboxVmView::describeStep(int step) const
{
    static const char *const names[] = {"write",          "make private",     "open",
                                        "mount tmpfs on", "create directory", "create file",
                                        "bind onto",      "make read-only",   "mount proc on"};
    if (step >= 1 && size_t(step) <= m_steps.size()) {
        const Step &s = m_steps[size_t(step - 1)];
        return QString::fromLatin1(names[int(s.op)]) + QLatin1Char(' ') + QString::fromStdString(s.target);
    }
    return QStringLiteral("drop to uid %1 gid %2").arg(m_uid).arg(m_gid);
}

} // namespace clonedeck
