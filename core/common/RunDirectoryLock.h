#pragma once

// The one clonedeckd of a run directory, as its lock file tells: clonedeckd holds an
// open-file-description lock on <run-dir>/clonedeckd.lock while it lives (the kernel drops
// it when the process ends, however it ends) and writes its pid, then its socket once it
// serves requests, into that file. Anyone else reads it without taking the lock
// (F_OFD_GETLK), so a console looking for a live platform never makes one starting at the
// same instant fail with EBUSY, as a trial flock() would.
#include "Error.h"

#include <QString>

#include <optional>

namespace clonedeck {

class RunDirectoryLock
{
public:
    // What the lock file of a run directory says about the clonedeckd holding it.
    struct Holder
    {
        qint64 pid = 0;
        QString socketPath; // empty while it starts (or if it never becomes ready)
        bool ready() const { return !socketPath.isEmpty(); }
    };

    RunDirectoryLock() = default;
    RunDirectoryLock(const RunDirectoryLock &) = delete;
    RunDirectoryLock &operator=(const RunDirectoryLock &) = delete;
    ~RunDirectoryLock();

    // Takes the run directory's lock for this process, or EBUSY: "another clonedeckd serves
    // this run directory" (with its pid when known).
    Status acquire(const QString &runDir);
    // Once requests are served: tells others where (the lock file's second line); empty
    // when it stops serving (stopping), so no one attaches to a platform on its way out.
    void publishSocket(const QString &socketPath);
    void release();

    // The live holder of runDir's lock, if any; nullopt when no process holds it.
    static std::optional<Holder> inspect(const QString &runDir);
    static QString lockFilePath(const QString &runDir);

private:
    void writeContent(const QByteArray &content);

    int m_fd = -1;
};

} // namespace clonedeck
