#pragma once

// One capture of a running master, shared by all clones of one request: the
// device state QEMU's migration wrote and a copy of the master's RAM file taken
// while the master was stopped (the master's own file is shared with it and
// changes as soon as it runs again). Each clone maps the copy privately
// (copy-on-write), so pages no clone writes stay shared in the page cache. The
// files are unlinked when the last clone holding this object has loaded them: a
// mapped file lives on without its name, and nothing is left behind.
#include "Error.h"

#include <QString>

#include <memory>

namespace clonedeck {

class RamSnapshot
{
public:
    RamSnapshot(QString statePath, QString ramPath);
    ~RamSnapshot(); // unlinks both files
    RamSnapshot(const RamSnapshot &) = delete;
    RamSnapshot &operator=(const RamSnapshot &) = delete;

    QString statePath() const { return m_statePath; }
    QString ramPath() const { return m_ramPath; }
    // The master's disk layer frozen at the capture (with a disk image): the backing file of every clone's
    // overlay. Not removed with the snapshot: it lives in the master's directory as long as the master.
    QString diskBase() const { return m_diskBase; }
    void setDiskBase(const QString &path) { m_diskBase = path; }

    // Copies `from` to `to` skipping holes (pages the guest never touched) and pages of zeros (memory the
    // guest freed: its kernel zeroes what it frees), which stay holes in the copy. Returns the bytes copied.
    static Result<qint64> copySparse(const QString &from, const QString &to);

private:
    QString m_statePath;
    QString m_ramPath;
    QString m_diskBase;
};

using SharedRamSnapshot = std::shared_ptr<RamSnapshot>;

} // namespace clonedeck
