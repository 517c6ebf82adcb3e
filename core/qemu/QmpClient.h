#pragma once

// QEMU's machine protocol (QMP) over the VM's monitor socket, asynchronously:
// capabilities negotiated on connect, commands matched to replies by id, each
// with a deadline, events passed on. A reply is delivered to its callback only
// while the callback's context object lives.
#include "Error.h"
#include "JsonLineChannel.h"

#include <QHash>
#include <QJsonObject>
#include <QJsonValue>
#include <QObject>
#include <QPointer>

#include <functional>

namespace clonedeck {

class QmpClient : public QObject
{
    Q_OBJECT
public:
    using Reply = std::function<void(const Result<QJsonValue> &)>;

    explicit QmpClient(QObject *parent = nullptr);

    // ready() once QEMU has greeted and accepted the capabilities negotiation, else failed().
    void connectTo(const QString &socketPath, int timeoutMs);
    bool isReady() const { return m_ready; }
    void close();

    // Runs `command`; `done` gets the "return" value or the error ("desc" from QEMU). `fd`, if given, is
    // passed along for `getfd`.
    void execute(const QString &command, const QJsonObject &arguments, QObject *context, Reply done,
                 int fd = -1, int timeoutMs = 10000);

signals:
    void ready();
    void failed(const clonedeck::Error &error); // never connected, or the connection broke
    void event(const QString &name, const QJsonObject &data);

private:
    struct Pending
    {
        QString command;
        QPointer<QObject> context;
        Reply done;
    };

    void onDocument(const QJsonObject &document);
    void onChannelFailed(const Error &error);
    void finish(const QString &id, const Result<QJsonValue> &result);

    JsonLineChannel m_channel;
    QString m_path;
    bool m_greeted = false;
    bool m_ready = false;
    quint64 m_nextId = 1;
    QHash<QString, Pending> m_pending;
};

} // namespace clonedeck
