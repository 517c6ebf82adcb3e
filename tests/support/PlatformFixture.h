#pragma once

// A real clonedeckd for one test: private run directory, private /16 of
// loopback addresses, private ports; stopped (or killed) in the destructor so
// no process outlives the test, even when it fails.
#include <QProcess>
#include <QProcessEnvironment>
#include <QStringList>
#include <QTemporaryDir>

#include <memory>

namespace clonedeck::test {

struct CommandResult
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
    bool finished = false;
};

class PlatformFixture
{
public:
    struct Options
    {
        QString hosts = QStringLiteral("host1:16:32768");
        QString addressBase; // the VMs' /16, e.g. "127.78.0.0"; empty: this test process's own
        qint64 ticketTtlMs = 300000;
        QStringList extraArgs;
        int startTimeoutMs = 20000;
        // >= 0: clonedeckd runs as this uid/gid (setpriv, no supplementary groups), in a run
        // directory given to it: the embedded platform of a user who is not root.
        int runAsUid = -1;
        // > 0: its RLIMIT_NPROC (threads and processes of its uid), set before it starts.
        int processLimit = 0;
    };

    PlatformFixture();
    ~PlatformFixture();

    // Starts clonedeckd and waits (with a deadline) for its XENSTORED_PATH line. Empty on success, else why
    // not.
    QString start(const Options &options);
    QString start() { return start(Options{}); }
    // Starts it again on the same run directory (after stop() or killHard()).
    QString restart();
    void stop();     // SIGTERM, wait
    void killHard(); // SIGKILL, as a crash would

    bool isRunning() const;
    qint64 pid() const { return isRunning() ? m_process->processId() : -1; }
    QString runDir() const { return m_runDir.path(); }
    QString socketPath() const { return m_socketPath; }
    QString addressBase() const { return m_addressBase; }
    QString clientKey() const { return runDir() + QStringLiteral("/client/id_ed25519"); }
    QString vmDirectory(int domid) const
    {
        return runDir() + QStringLiteral("/vms/") + QString::number(domid);
    }
    QByteArray daemonOutput() const { return isRunning() ? stderrText() : m_log; }

    // Environment for tools talking to this platform (XENSTORED_PATH; CLONEDECK_DOMID if domid >= 0).
    QProcessEnvironment environment(int domid = -1) const;
    // Runs clonectl as domain `domid` with a deadline.
    CommandResult clonectl(const QStringList &args, int domid = 1, int timeoutMs = 60000) const;
    // Runs any program with this platform's environment.
    CommandResult run(const QString &program, const QStringList &args, const QProcessEnvironment &env,
                      const QByteArray &input = {}, int timeoutMs = 60000) const;

private:
    QByteArray stderrText() const;
    QString launch();

    QTemporaryDir m_runDir;
    Options m_options;
    std::unique_ptr<QProcess> m_process;
    QString m_socketPath;
    QString m_addressBase;
    QByteArray m_log;
};

} // namespace clonedeck::test
