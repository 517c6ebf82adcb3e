#pragma once

// Runs Debian's real xenstored (package xen-utils-4.17) on a machine without
// Xen: under the hypervisor stub (LD_PRELOAD, core/hypervisorstub) in a private
// run directory, serving its Unix socket there. Starting waits until the socket
// answers a real request; stopping leaves no process and no socket behind.
//
// Not a QObject and no QProcess: callers may have no event loop (clonedeckd's
// start-up, tests). Note: with dieWithParent, PR_SET_PDEATHSIG fires when the
// *thread* that called start() exits, not the process: call start() from a
// thread that lives as long as the daemon should.
#include "Error.h"

#include <QString>

namespace clonedeck {

class XenstoredProcess
{
public:
    struct Options
    {
        QString runDir;          // required; created 0700 if missing
        QString xenstoredBinary; // empty: /usr/lib/xen-4.17/bin/xenstored, then /usr/sbin/xenstored
        QString stubLibrary;     // empty: CLONEDECK_HVSTUB, next to the executable, then the install dir
        bool trace = false;      // xenstored -T runDir/xenstored.trace
        bool dieWithParent = true;
        int startTimeoutMs = 5000;
    };

    explicit XenstoredProcess(Options options);
    ~XenstoredProcess();
    XenstoredProcess(const XenstoredProcess &) = delete;
    XenstoredProcess &operator=(const XenstoredProcess &) = delete;

    Status start();
    Status stop(int timeoutMs = 3000);
    bool isRunning() const;
    QString socketPath() const;
    qint64 pid() const { return m_pid; }
    qint64 startupMilliseconds() const { return m_startupMs; }

    static QString findXenstored(const QString &preferred = {});
    static QString findStubLibrary(const QString &preferred = {});

private:
    Status prepareRunDirectory();
    QString logTail() const;

    Options m_options;
    mutable qint64 m_pid = -1;
    qint64 m_startupMs = -1;
};

} // namespace clonedeck
