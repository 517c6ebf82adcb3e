#pragma once

// QEMU's guest agent (qemu-ga, inside the VM) over the VM's agent socket: the
// host sets a clone's private address, MAC and clock on resume with it. Commands
// run one at a time (the agent answers in order); a command that times out makes
// the next one resynchronise first (guest-sync-delimited), as the agent's
// protocol prescribes. Programs run with an argument vector (guest-exec), never
// a shell string.
#include "Error.h"
#include "JsonLineChannel.h"

#include <QJsonValue>
#include <QObject>
#include <QPointer>
#include <QQueue>
#include <QStringList>
#include <QTimer>

#include <functional>

namespace clonedeck {

struct GuestCommandResult
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

class GuestAgentClient : public QObject
{
    Q_OBJECT
public:
    using Reply = std::function<void(const Result<QJsonValue> &)>;
    using Finished = std::function<void(const Result<GuestCommandResult> &)>;

    explicit GuestAgentClient(QObject *parent = nullptr);

    // ready() once the agent answers a synchronisation (a booting guest's agent may start later: the
    // synchronisation is repeated until `timeoutMs`), else failed().
    void connectTo(const QString &socketPath, int timeoutMs);
    bool isReady() const { return m_ready; }

    void execute(const QString &command, const QJsonObject &arguments, QObject *context, Reply done,
                 int timeoutMs = 10000);
    // Runs argv[0] with the rest as its arguments and waits for it to end.
    void run(const QStringList &argv, QObject *context, Finished done, int timeoutMs = 10000);
    // Sets the guest's clock to the host's now (nanoseconds since the epoch).
    void setTime(qint64 nanoseconds, QObject *context, Reply done);

signals:
    void ready();
    void failed(const clonedeck::Error &error);

private:
    struct Command
    {
        QJsonObject message;
        QPointer<QObject> context;
        Reply done;
        int timeoutMs = 10000;
    };

    void sendSync();
    void failAll(const Error &error);
    void onDocument(const QJsonObject &document);
    void startNext();
    void finishCurrent(const Result<QJsonValue> &result);
    void pollExec(qint64 pid, QPointer<QObject> context, Finished done, QDeadlineTimer deadline,
                  int intervalMs);
    bool isSyncAnswer(const QJsonObject &document) const;

    JsonLineChannel m_channel;
    QString m_path;
    QDeadlineTimer m_syncDeadline;
    QTimer m_syncRetry;
    QList<qint64> m_syncIds; // the latest synchronisations sent: an answer to any of them counts
    bool m_ready = false;
    QQueue<Command> m_queue;
    bool m_busy = false;
    QTimer m_commandTimer;
};

} // namespace clonedeck
