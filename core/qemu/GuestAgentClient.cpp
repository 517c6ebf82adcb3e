#include "GuestAgentClient.h"

#include <QJsonArray>
#include <QRandomGenerator>

namespace clonedeck {

namespace {
constexpr int kSyncRetryMs = 200; // a booting guest's agent may not read its port yet
constexpr int kExecPollMs = 5;    // guest-exec-status is cheap; the commands we run take milliseconds
} // namespace

GuestAgentClient::GuestAgentClient(QObject *parent)
    : QObject(parent)
{
    m_syncRetry.setInterval(kSyncRetryMs);
    m_commandTimer.setSingleShot(true);
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
    m_syncId = QRandomGenerator::global()->bounded(1, 1 << 30);
    m_channel.sendRaw(QByteArray(1, '\xff')); // makes the agent drop any partial input
    m_channel.send({{QStringLiteral("execute"), QStringLiteral("guest-sync-delimited")},
                    {QStringLiteral("arguments"), QJsonObject{{QStringLiteral("id"), m_syncId}}}});
    if (!m_syncRetry.isActive())
        m_syncRetry.start();
}

void GuestAgentClient::onDocument(const QJsonObject &document)
{
    if (!m_ready) {
        if (document.value(QStringLiteral("return")).toInteger(-1) != m_syncId)
            return; // an answer to an older synchronisation or a timed-out command
        m_ready = true;
        m_syncRetry.stop();
        if (!m_busy)
            emit ready();
        startNext();
        return;
    }
    if (!m_busy)
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
            pollExec(started->toObject().value(QStringLiteral("pid")).toInteger(), guard, done, deadline);
        },
        timeoutMs);
}

void GuestAgentClient::pollExec(qint64 pid, QPointer<QObject> context, Finished done, QDeadlineTimer deadline)
{
    execute(
        QStringLiteral("guest-exec-status"), {{QStringLiteral("pid"), pid}}, context,
        [this, pid, context, done, deadline](const Result<QJsonValue> &status) {
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
            QTimer::singleShot(kExecPollMs, context, [this, pid, context, done, deadline] {
                pollExec(pid, context, done, deadline);
            });
        },
        int(std::max<qint64>(1, deadline.remainingTime())));
}

} // namespace clonedeck
