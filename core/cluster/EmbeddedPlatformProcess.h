#pragma once

// The embedded platform (clonedeckd) of a run directory, for the console: attaches to the
// one already serving it (its lock file names it: RunDirectoryLock), else starts one —
// as a child that stops with the console, or, when the operator keeps the platform for
// the next start, detached in a session of its own with its log in <run-dir>/clonedeckd.log.
// ready(socket) once it serves requests; failed(reason, advice) with clonedeckd's own
// reason and what to do. At quit (stop() or destruction) it stops the platform, started
// or attached, unless told to keep it running.
#include <QDeadlineTimer>
#include <QObject>
#include <QProcess>
#include <QTimer>

namespace clonedeck {

class EmbeddedPlatformProcess : public QObject
{
    Q_OBJECT
public:
    enum class Origin
    {
        None,
        Child,    // started by this console, stops with it
        Detached, // started by this console to outlive it
        Attached  // was already serving the run directory
    };

    explicit EmbeddedPlatformProcess(QObject *parent = nullptr);
    ~EmbeddedPlatformProcess() override;

    // keepRunning: the platform outlives the console (also settable later, see setKeepRunning).
    void start(const QString &runDir, const QStringList &extraArguments = {}, bool keepRunning = false);
    // Whether quitting leaves the platform running. A child started without it cannot be
    // kept (its output is the console's pipe): that applies from the next start.
    void setKeepRunning(bool keep) { m_keepRunning = keep; }
    // Stops the platform unless kept; returns within kStopMs (then SIGKILL).
    void stop();

    QString socketPath() const { return m_socketPath; }
    Origin origin() const { return m_origin; }
    qint64 pid() const;

    // What an operator should do about a reason clonedeckd gave for not starting.
    static QString adviceFor(const QString &reason);
    static constexpr int kStopMs = 4000; // SIGTERM to a console gone: 5 s, with the console's own teardown

signals:
    void ready(const QString &socketPath);
    void failed(const QString &reason, const QString &advice);

private:
    void startChild(const QString &program, const QStringList &arguments);
    void startDetached(const QString &program, const QStringList &arguments);
    void waitForHolder(); // polls the lock file until the holder serves, dies or the deadline passes
    void fail(const QString &reason);
    QString logFile() const;
    static bool terminateAndWait(qint64 pid, int timeoutMs);

    QProcess m_process;
    QByteArray m_output;
    QString m_lastError; // clonedeckd's "cannot start: ..." line
    QString m_runDir;
    QString m_socketPath;
    Origin m_origin = Origin::None;
    qint64 m_holderPid = 0;
    bool m_keepRunning = false;
    QTimer m_poll;
    QDeadlineTimer m_deadline;
};

} // namespace clonedeck
