#include "DirectoryTree.h"

#include <QFile>

#include <cerrno>
#include <cstring>
#include <dirent.h>
#include <fcntl.h>
#include <filesystem>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <unistd.h>

#include <functional>
#include <string>
#include <vector>

namespace clonedeck {

namespace {

constexpr int kDirectoryFlags = O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC;

struct Walk
{
    QString root; // for messages
    int code = 0;
    QString where;

    bool fail(const std::string &name, int error)
    {
        code = error;
        where = root + QLatin1Char('/') + QString::fromStdString(name);
        return false;
    }
};

// Entry names of an open directory (the fd stays ours).
std::vector<std::string> entries(int dirFd)
{
    std::vector<std::string> names;
    const int copy = ::fcntl(dirFd, F_DUPFD_CLOEXEC, 0);
    DIR *dir = copy >= 0 ? ::fdopendir(copy) : nullptr;
    if (!dir) {
        if (copy >= 0)
            ::close(copy);
        return names;
    }
    while (const dirent *entry = ::readdir(dir)) {
        if (std::strcmp(entry->d_name, ".") != 0 && std::strcmp(entry->d_name, "..") != 0)
            names.emplace_back(entry->d_name);
    }
    ::closedir(dir);
    return names;
}

bool copyFile(int from, int to, const std::string &name, const struct stat &st, Walk &walk)
{
    // O_NONBLOCK: a FIFO swapped in after the stat must not hang the open; it fails the check below.
    const int in = ::openat(from, name.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
    struct stat opened
    {
    };
    if (in < 0 || ::fstat(in, &opened) != 0 || !S_ISREG(opened.st_mode) || opened.st_ino != st.st_ino) {
        const int code = in < 0 ? errno : EAGAIN;
        if (in >= 0)
            ::close(in);
        return walk.fail(name, code);
    }
    const int out =
        ::openat(to, name.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, st.st_mode & 0777);
    bool ok = out >= 0;
    for (off_t left = opened.st_size; ok && left > 0;) {
        const ssize_t n = ::sendfile(out, in, nullptr, size_t(std::min<off_t>(left, 1 << 30)));
        ok = n > 0;
        left -= n;
    }
    const int code = errno;
    ::close(in);
    if (out >= 0)
        ::close(out);
    return ok || walk.fail(name, code ? code : EIO);
}

bool copyDirectory(int from, int to, int depth, Walk &walk)
{
    if (depth > DirectoryTree::kMaxDepth)
        return walk.fail({}, ELOOP);
    for (const std::string &name : entries(from)) {
        struct stat st
        {
        };
        if (::fstatat(from, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0)
            return walk.fail(name, errno);
        if (S_ISREG(st.st_mode)) {
            if (!copyFile(from, to, name, st, walk))
                return false;
        } else if (S_ISLNK(st.st_mode)) {
            std::vector<char> link(size_t(st.st_size) + 1);
            const ssize_t n = ::readlinkat(from, name.c_str(), link.data(), link.size());
            if (n < 0 || size_t(n) >= link.size())
                return walk.fail(name, n < 0 ? errno : EAGAIN);
            link[size_t(n)] = '\0';
            if (::symlinkat(link.data(), to, name.c_str()) != 0)
                return walk.fail(name, errno);
        } else if (S_ISDIR(st.st_mode)) {
            if (::mkdirat(to, name.c_str(), 0700) != 0)
                return walk.fail(name, errno);
            const int subFrom = ::openat(from, name.c_str(), kDirectoryFlags);
            const int subTo = ::openat(to, name.c_str(), kDirectoryFlags);
            const bool ok = subFrom >= 0 && subTo >= 0 && copyDirectory(subFrom, subTo, depth + 1, walk) &&
                            ::fchmod(subTo, st.st_mode & 0777) == 0;
            const int code = errno;
            for (int fd : {subFrom, subTo}) {
                if (fd >= 0)
                    ::close(fd);
            }
            if (!ok)
                return walk.code ? false : walk.fail(name, code);
        }
    }
    return true;
}

bool changeOwnerBelow(int dirFd, uid_t uid, gid_t gid, int depth, Walk &walk)
{
    if (depth > DirectoryTree::kMaxDepth)
        return walk.fail({}, ELOOP);
    for (const std::string &name : entries(dirFd)) {
        if (::fchownat(dirFd, name.c_str(), uid, gid, AT_SYMLINK_NOFOLLOW) != 0)
            return walk.fail(name, errno);
        const int sub = ::openat(dirFd, name.c_str(), kDirectoryFlags);
        if (sub < 0)
            continue; // not a directory (or a symlink to one): nothing below it
        const bool ok = changeOwnerBelow(sub, uid, gid, depth + 1, walk);
        ::close(sub);
        if (!ok)
            return false;
    }
    return true;
}

Error walkError(const Walk &walk, const QString &what)
{
    return Error{walk.code, walk.where,
                 what + QStringLiteral(": ") + QString::fromLocal8Bit(strerror(walk.code))};
}

} // namespace

Status DirectoryTree::copy(const QString &source, const QString &target)
{
    const QByteArray targetName = QFile::encodeName(target);
    const int from = ::open(QFile::encodeName(source).constData(), kDirectoryFlags);
    if (from < 0)
        return Error{errno, source, QStringLiteral("cannot open the directory to copy")};
    struct stat st
    {
    };
    ::fstat(from, &st);
    if (::mkdir(targetName.constData(), 0700) != 0) {
        const int code = errno;
        ::close(from);
        return Error{code, target,
                     code == EEXIST ? QStringLiteral("already exists") : QStringLiteral("cannot create")};
    }
    const int to = ::open(targetName.constData(), kDirectoryFlags);
    Walk walk{source, 0, {}};
    const bool ok = to >= 0 && copyDirectory(from, to, 0, walk) && ::fchmod(to, st.st_mode & 0777) == 0;
    ::close(from);
    if (to >= 0)
        ::close(to);
    if (ok)
        return Done{};
    std::error_code ignored;
    std::filesystem::remove_all(std::filesystem::path(targetName.toStdString()),
                                ignored); // nothing half-made
    if (!walk.code)
        walk.fail({}, EIO);
    return walkError(walk, QStringLiteral("cannot copy"));
}

Status DirectoryTree::changeOwner(const QString &root, uid_t uid, gid_t gid)
{
    const int fd = ::open(QFile::encodeName(root).constData(), kDirectoryFlags);
    if (fd < 0)
        return Error{errno, root, QStringLiteral("cannot open the directory")};
    Walk walk{root, 0, {}};
    const bool ok =
        ::fchown(fd, uid, gid) == 0 ? changeOwnerBelow(fd, uid, gid, 0, walk) : walk.fail({}, errno);
    ::close(fd);
    if (ok)
        return Done{};
    return walkError(walk, QStringLiteral("cannot change the owner"));
}

} // namespace clonedeck
