#include "GuestAgentClient.h"

#include <QJsonArray>
#include <QRandomGenerator>

namespace clonedeck {

namespace {
// A resumed clone's agent may take a second to answer (TCG translates its code afresh): the synchronisation
// is repeated with a backoff, and the answer to any of its repetitions counts.
constexpr int kSyncRetryMs = 200;
constexpr int kSyncRetryMaxMs = 1000;
constexpr qsizetype kSyncIdsKept = 32;
// guest-exec-status with a backoff: every poll is a command the guest's agent parses and answers, on the
// same vCPU as the command it waits for. A fixed 5 ms poll kept ten resuming TCG clones busy answering
// it (10 clones: 5-8 s from the agent's first answer to the command's end at load 15).
constexpr int kExecPollMs = 5;
constexpr int kExecPollMaxMs = 80;
} // namespace

GuestAgentClient::GuestAgentClient(QObject *parent)
    : QObject(parent)
{
    m_commandTimer.setSingleShot(true); // the synchronisation's timer gets its interval at each start
    connect(&m_syncRetry, &QTimer::timeout, this, &GuestAgentClient::sendSync);
    connect(&m_commandTimer, &QTimer::timeout, this, [this] {
        finishCurrent(Error{ETIMEDOUT, m_path, QStringLiteral("the guest agent did not answer in time")});
        m_ready = false; // whatever it answers later is stale: resynchronise before the next command
    });
    connect(&m_channel, &JsonLineChannel::connected, this, &GuestAgentClient::sendSync);
    connect(&m_channel, &JsonLineChannel::documentReceived, this, &GuestAgentClient::onDocument);
    connect(&m_channel, &JsonLineChannel::failed, this, &GuestAgentClient::failAll);
}

void GuestAgentClient::failAll(const Error &error)
{
    m_syncRetry.stop();
    m_commandTimer.stop();
    m_ready = m_busy = false;
    const auto queued = std::exchange(m_queue, {});
    for (const Command &command : queued) {
        if (command.context && command.done)
            command.done(error);
    }
    emit failed(error);
}

void GuestAgentClient::connectTo(const QString &socketPath, int timeoutMs)
{
    m_path = socketPath;
    m_ready = false;
    m_syncDeadline = QDeadlineTimer(timeoutMs);
    m_channel.connectTo(socketPath, timeoutMs);
}

void GuestAgentClient::sendSync()
{
    if (m_syncDeadline.hasExpired()) {
        m_channel.close();
        return failAll(Error{ETIMEDOUT, m_path, QStringLiteral("the guest agent did not answer")});
    }
    const qint64 id = QRandomGenerator::global()->bounded(1, 1 << 30);
    m_syncIds.append(id);
    if (m_syncIds.size() > kSyncIdsKept)
        m_syncIds.removeFirst();
    // 0xFF makes the agent drop any partial input, and it answers with a parse error. Only at the start of
    // a synchronisation: then that error precedes every answer that can make us ready, and is discarded.
    if (!m_syncRetry.isActive())
        m_channel.sendRaw(QByteArray(1, '\xff'));
    m_channel.send({{QStringLiteral("execute"), QStringLiteral("guest-sync-delimited")},
                    {QStringLiteral("arguments"), QJsonObject{{QStringLiteral("id"), id}}}});
    m_syncRetry.start(m_syncRetry.isActive() ? std::min(m_syncRetry.interval() * 2, kSyncRetryMaxMs)
                                             : kSyncRetryMs);
}

bool GuestAgentClient::isSyncAnswer(const QJsonObject &document) const
{
    const QJsonValue id = document.value(QStringLiteral("return"));
    return id.isDouble() && m_syncIds.contains(id.toInteger());
}

void GuestAgentClient::onDocument(const QJsonObject &document)
{
    if (!m_ready) {
        if (!isSyncAnswer(document))
            return; // the late answer of a timed-out command
        m_ready = true;
        m_syncRetry.stop();
        if (!m_busy)
            emit ready();
        startNext();
        return;
    }
    // No command of ours returns a bare number: this is a repeated synchronisation answered late.
    if (!m_busy || isSyncAnswer(document))
        return;
    if (document.contains(QStringLiteral("error"))) {
        finishCurrent(Error{
            EIO, m_path,
            document.value(QStringLiteral("error")).toObject().value(QStringLiteral("desc")).toString()});
        return;
    }
    finishCurrent(document.value(QStringLiteral("return")));
}

void GuestAgentClient::execute(const QString &command, const QJsonObject &arguments, QObject *context,
                               Reply done, int timeoutMs)
{
    QJsonObject message{{QStringLiteral("execute"), command}};
    if (!arguments.isEmpty())
        message.insert(QStringLiteral("arguments"), arguments);
    m_queue.enqueue(Command{message, context, std::move(done), timeoutMs});
    startNext();
}

void GuestAgentClient::startNext()
{
    if (m_busy || m_queue.isEmpty() || !m_channel.isConnected())
        return;
    if (!m_ready) {
        if (!m_syncRetry.isActive()) {
            m_syncDeadline = QDeadlineTimer(m_queue.head().timeoutMs);
            sendSync();
        }
        return;
    }
    m_busy = true;
    m_channel.send(m_queue.head().message);
    m_commandTimer.start(m_queue.head().timeoutMs);
}

void GuestAgentClient::finishCurrent(const Result<QJsonValue> &result)
{
    m_commandTimer.stop();
    if (!m_busy || m_queue.isEmpty())
        return;
    m_busy = false;
    const Command command = m_queue.dequeue();
    if (command.context && command.done)
        command.done(result);
    startNext();
}

void GuestAgentClient::setTime(qint64 nanoseconds, QObject *context, Reply done)
{
    execute(QStringLiteral("guest-set-time"), {{QStringLiteral("time"), nanoseconds}}, context,
            std::move(done));
}

void GuestAgentClient::run(const QStringList &argv, QObject *context, Finished done, int timeoutMs)
{
    QJsonArray arguments;
    for (qsizetype i = 1; i < argv.size(); ++i)
        arguments.append(argv[i]);
    const QDeadlineTimer deadline(timeoutMs);
    QPointer<QObject> guard(context);
    execute(
        QStringLiteral("guest-exec"),
        {{QStringLiteral("path"), argv.value(0)},
         {QStringLiteral("arg"), arguments},
         {QStringLiteral("capture-output"), true}},
        context,
        [this, guard, done, deadline](const Result<QJsonValue> &started) {
            if (!started)
                return done(started.error());
            pollExec(started->toObject().value(QStringLiteral("pid")).toInteger(), guard, done, deadline,
                     kExecPollMs);
        },
        timeoutMs);
}

void GuestAgentClient::pollExec(qint64 pid, QPointer<QObject> context, Finished done, QDeadlineTimer deadline,
                                int intervalMs)
{
    execute(
        QStringLiteral("guest-exec-status"), {{QStringLiteral("pid"), pid}}, context,
        [this, pid, context, done, deadline, intervalMs](const Result<QJsonValue> &status) {
            if (!status)
                return done(status.error());
            const QJsonObject fields = status->toObject();
            if (fields.value(QStringLiteral("exited")).toBool()) {
                GuestCommandResult result;
                result.exitCode = fields.value(QStringLiteral("exitcode")).toInt(-1);
                result.out =
                    QByteArray::fromBase64(fields.value(QStringLiteral("out-data")).toString().toLatin1());
                result.err =
                    QByteArray::fromBase64(fields.value(QStringLiteral("err-data")).toString().toLatin1());
                return done(result);
            }
            if (deadline.hasExpired())
                return done(
                    Error{ETIMEDOUT, m_path, QStringLiteral("guest command %1 still running").arg(pid)});
            QTimer::singleShot(intervalMs, context, [this, pid, context, done, deadline, intervalMs] {
                pollExec(pid, context, done, deadline, std::min(intervalMs * 2, kExecPollMaxMs));
            });
        },
        int(std::max<qint64>(1, deadline.remainingTime())));
}

} // namespace clonedeck
