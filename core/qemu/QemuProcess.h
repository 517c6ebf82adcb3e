#pragma once

// One QEMU process, started detached (its own session, not our child) so that it
// outlives clonedeckd: a restarted clonedeckd adopts it again through its QMP
// socket. Its end is observed through a pidfd, for a process we started and one
// we adopted alike. It is identified by its command line, which names the
// domain's directory, so a recycled pid is never mistaken for it.
#include "Error.h"

#include <QObject>
#include <QString>
#include <QStringList>

#include <functional>

class QSocketNotifier;

namespace clonedeck {

class QemuProcess : public QObject
{
    Q_OBJECT
public:
    // `marker`: the VM's directory with a trailing slash. Its QEMU is the process that writes its pid
    // file there (`-pidfile <marker>qemu.pid`): other programs name the directory too (qemu-img,
    // making a clone's disk overlay there).
    explicit QemuProcess(QString marker, QObject *parent = nullptr);
    ~QemuProcess() override; // leaves the process running

    // Starts `program` in `workingDirectory`, stdout and stderr appended to `logPath`.
    Status start(const QString &program, const QStringList &arguments, const QString &logPath);
    // Takes over the running QEMU of the marker (`pid`, or found in /proc).
    Status adopt(qint64 pid);
    bool isRunning() const { return m_pid > 0; }
    qint64 pid() const { return m_pid; }

    // SIGTERM (QEMU then stops the guest and exits), SIGKILL after `graceMs`, `done` once it is gone or after
    // a further deadline. Immediate when nothing runs.
    void terminate(int graceMs, QObject *context, std::function<void()> done);

    // Every QEMU whose pid file is under `marker` (e.g. all VMs of a run directory).
    static QList<qint64> findByMarker(const QString &marker);
    static QString commandLine(qint64 pid);
    // The CPU time the process has used so far (user + system, /proc/<pid>/stat), in ms; -1 if unknown.
    static qint64 cpuTimeMs(qint64 pid);
    // pidfd_open(2) and pidfd_send_signal(2) through syscall(): Debian 12's <sys/pidfd.h> declares them
    // without C linkage (glibc 2.36), so C++ cannot link them.
    static int openPidfd(qint64 pid);
    static int signalPidfd(int pidfd, int signal);

signals:
    void exited();

private:
    Status watch(qint64 pid);
    void onExited();

    QString m_marker;
    qint64 m_pid = 0;
    int m_pidfd = -1;
    QSocketNotifier *m_notifier = nullptr;
};

} // namespace clonedeck
