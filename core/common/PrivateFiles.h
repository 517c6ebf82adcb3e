#pragma once

// Files and directories that only this user may touch, handled so that nothing someone
// else prepared is trusted or followed: a directory is accepted only when it is a real
// directory (not a symlink) owned by the effective user with exactly the expected mode;
// files are opened with O_NOFOLLOW and created with their final mode at open, never
// created wider and narrowed afterwards. Also reads files inside a directory that another
// user controls (a sandbox VM's disk) without following any symlink on the way.
#include "Error.h"

#include <QByteArray>
#include <QString>

#include <sys/types.h>

namespace clonedeck {

class PrivateFiles
{
public:
    // Creates `path` with `mode` if it is missing (missing parents with the default mode),
    // else accepts it only as described above; the error says why not and what to do.
    static Status ensureDirectory(const QString &path, mode_t mode = 0700);
    // Creates `path` with `mode` and writes `content`; EEXIST if anything is there (a symlink too).
    static Status createFile(const QString &path, const QByteArray &content, mode_t mode = 0600);
    // Replaces the content of a regular file (created with `mode` if missing); refuses a symlink.
    static Status writeFile(const QString &path, const QByteArray &content, mode_t mode = 0600);
    // Reads a regular file of at most `maxBytes`; refuses a symlink, a FIFO or a device.
    static Result<QByteArray> readFile(const QString &path, qint64 maxBytes);
    // Reads `relativePath` below `directory` without following any symlink on the way (openat2
    // RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS): for files in a directory another user owns.
    static Result<QByteArray> readFileBeneath(const QString &directory, const QString &relativePath,
                                              qint64 maxBytes);
};

} // namespace clonedeck
