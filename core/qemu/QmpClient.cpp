#include "QmpClient.h"

#include <QTimer>

namespace clonedeck {

namespace {
const QString kNegotiation = QStringLiteral("negotiate");
}

QmpClient::QmpClient(QObject *parent)
    : QObject(parent)
{
    connect(&m_channel, &JsonLineChannel::documentReceived, this, &QmpClient::onDocument);
    connect(&m_channel, &JsonLineChannel::failed, this, &QmpClient::onChannelFailed);
}

void QmpClient::connectTo(const QString &socketPath, int timeoutMs)
{
    m_path = socketPath;
    m_greeted = m_ready = false;
    m_channel.connectTo(socketPath, timeoutMs);
}

void QmpClient::close()
{
    m_channel.close();
    m_ready = m_greeted = false;
    const auto pending = std::exchange(m_pending, {});
    for (const Pending &request : pending) {
        if (request.context && request.done)
            request.done(Error{ECANCELED, m_path, request.command + QStringLiteral(": connection closed")});
    }
}

void QmpClient::execute(const QString &command, const QJsonObject &arguments, QObject *context, Reply done,
                        int fd, int timeoutMs)
{
    const QString id = QStringLiteral("c%1").arg(m_nextId++);
    if (!m_ready) {
        QTimer::singleShot(0, context ? context : this, [done, command, path = m_path] {
            done(Error{ENOTCONN, path, command + QStringLiteral(": QMP is not connected")});
        });
        return;
    }
    m_pending.insert(id, Pending{command, context, std::move(done)});
    QJsonObject message{{QStringLiteral("execute"), command}, {QStringLiteral("id"), id}};
    if (!arguments.isEmpty())
        message.insert(QStringLiteral("arguments"), arguments);
    m_channel.send(message, fd);
    QTimer::singleShot(timeoutMs, this, [this, id, command, timeoutMs] {
        if (m_pending.contains(id))
            finish(id, Error{ETIMEDOUT, m_path,
                             QStringLiteral("%1: no answer within %2 ms").arg(command).arg(timeoutMs)});
    });
}

void QmpClient::finish(const QString &id, const Result<QJsonValue> &result)
{
    const Pending request = m_pending.take(id);
    if (request.context && request.done)
        request.done(result);
}

void QmpClient::onDocument(const QJsonObject &document)
{
    if (!m_greeted) {
        if (!document.contains(QStringLiteral("QMP")))
            return onChannelFailed(Error{EPROTO, m_path, QStringLiteral("no QMP greeting")});
        m_greeted = true;
        const QJsonObject negotiate{{QStringLiteral("execute"), QStringLiteral("qmp_capabilities")},
                                    {QStringLiteral("id"), kNegotiation}};
        m_channel.send(negotiate);
        return;
    }
    if (document.contains(QStringLiteral("event"))) {
        emit event(document.value(QStringLiteral("event")).toString(),
                   document.value(QStringLiteral("data")).toObject());
        return;
    }
    const QString id = document.value(QStringLiteral("id")).toString();
    if (id == kNegotiation) {
        if (document.contains(QStringLiteral("error")))
            return onChannelFailed(Error{EPROTO, m_path, QStringLiteral("QMP refused the negotiation")});
        m_ready = true;
        emit ready();
        return;
    }
    if (!m_pending.contains(id))
        return; // a reply after its deadline
    if (document.contains(QStringLiteral("error"))) {
        const QJsonObject error = document.value(QStringLiteral("error")).toObject();
        finish(id, Error{EIO, m_path,
                         m_pending.value(id).command + QStringLiteral(": ") +
                             error.value(QStringLiteral("desc")).toString()});
        return;
    }
    finish(id, document.value(QStringLiteral("return")));
}

void QmpClient::onChannelFailed(const Error &error)
{
    close();
    emit failed(error);
}

} // namespace clonedeck
