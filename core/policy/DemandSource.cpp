#include "DemandSource.h"

#include "Log.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QTimer>

#include <utility>

namespace clonedeck {

namespace {

// Asks at once, then every pollIntervalMs; a poll still going when the next is due is left to
// end by its own deadline (a subclass's poll() returns at once then), so polls never overlap.
class PolledDemandSource : public DemandSource
{
public:
    explicit PolledDemandSource(const PolicyConfig &config)
        : m_timeoutMs(config.commandTimeoutMs)
    {
        m_timer.setInterval(config.pollIntervalMs);
        connect(&m_timer, &QTimer::timeout, this, [this] { poll(); });
    }
    void start() override
    {
        m_timer.start();
        poll();
    }

protected:
    virtual void poll() = 0;

    const int m_timeoutMs;

private:
    QTimer m_timer;
};

// Polls a command: its stdout is one number, the jobs waiting.
class CommandDemandSource : public PolledDemandSource
{
public:
    explicit CommandDemandSource(const PolicyConfig &config)
        : PolledDemandSource(config)
        , m_command(config.demandCommand)
    {}

private:
    void poll() override
    {
        if (m_process)
            return; // the previous run is still going; its timeout ends it
        m_process = new QProcess(this);
        QTimer::singleShot(m_timeoutMs, m_process, [process = m_process] { process->kill(); });
        connect(m_process, &QProcess::finished, this, [this](int code, QProcess::ExitStatus status) {
            const QByteArray out = m_process->readAllStandardOutput().trimmed();
            m_process->deleteLater();
            m_process = nullptr;
            bool ok = false;
            const int waiting = out.toInt(&ok);
            if (status != QProcess::NormalExit || code != 0 || !ok || waiting < 0)
                emit failed(Error{EINVAL, m_command.value(0),
                                  QStringLiteral("demand command failed or printed no number")});
            else
                emit demandChanged(waiting);
        });
        connect(m_process, &QProcess::errorOccurred, this, [this](QProcess::ProcessError error) {
            if (error == QProcess::FailedToStart) {
                emit failed(
                    Error{ENOENT, m_command.value(0), QStringLiteral("cannot run the demand command")});
                m_process->deleteLater();
                m_process = nullptr;
            }
        });
        m_process->start(m_command.value(0), m_command.mid(1)); // argv, no shell
    }

    QStringList m_command;
    QProcess *m_process = nullptr;
};

// Polls a Jenkins-compatible queue: GET URL -> {"items": [...]}. One request at a time, each
// ended by a total deadline (not only after inactivity: a server trickling a byte a second
// never goes inactive) and refused beyond kMaxQueueReplyBytes (the reply is parsed whole, so
// it must be bounded before it is read; QNetworkReply then buffers no more than that).
class QueueUrlDemandSource : public PolledDemandSource
{
public:
    static constexpr qint64 kMaxQueueReplyBytes = 1024 * 1024;

    explicit QueueUrlDemandSource(const PolicyConfig &config)
        : PolledDemandSource(config)
        , m_url(config.queueUrl)
    {
        m_deadline.setSingleShot(true);
        connect(&m_deadline, &QTimer::timeout, this, [this] {
            abortWith(ETIMEDOUT, QStringLiteral("no complete reply within %1 ms").arg(m_timeoutMs));
        });
    }

private:
    void poll() override
    {
        if (m_reply)
            return; // the previous poll is still going; its deadline ends it
        QNetworkRequest request(m_url);
        request.setTransferTimeout(m_timeoutMs);
        m_abortCode = 0;
        m_reply = m_network.get(request);
        m_reply->setReadBufferSize(64 * 1024); // it stops downloading until we read
        m_body.clear();
        m_deadline.start(m_timeoutMs);
        connect(m_reply, &QNetworkReply::readyRead, this, [this] {
            if (!readBody())
                abortWith(EFBIG, tooLarge());
        });
        connect(m_reply, &QNetworkReply::finished, this, &QueueUrlDemandSource::onFinished);
    }

    // False once the body is over its cap.
    bool readBody()
    {
        if (m_reply)
            m_body += m_reply->read(kMaxQueueReplyBytes + 1 - m_body.size());
        return m_body.size() <= kMaxQueueReplyBytes;
    }
    static QString tooLarge()
    {
        return QStringLiteral("the queue's reply is larger than %1 bytes").arg(kMaxQueueReplyBytes);
    }

    void abortWith(int code, const QString &reason)
    {
        if (!m_reply)
            return;
        m_abortCode = code;
        m_abortReason = reason;
        m_reply->abort(); // finished() follows
    }

    void onFinished()
    {
        if (m_abortCode == 0 && !readBody()) {
            m_abortCode = EFBIG;
            m_abortReason = tooLarge();
        }
        QNetworkReply *reply = std::exchange(m_reply, nullptr);
        if (!reply)
            return;
        reply->deleteLater();
        m_deadline.stop();
        if (m_abortCode != 0) {
            emit failed(Error{m_abortCode, m_url.toString(), m_abortReason});
            return;
        }
        if (reply->error() != QNetworkReply::NoError) {
            emit failed(Error{EIO, m_url.toString(), reply->errorString()});
            return;
        }
        const auto items = parseQueueItems(std::exchange(m_body, {}));
        if (!items)
            emit failed(Error{EINVAL, m_url.toString(), items.error().message});
        else
            emit demandChanged(*items);
    }

    QUrl m_url;
    QTimer m_deadline;
    QNetworkAccessManager m_network;
    QNetworkReply *m_reply = nullptr;
    QByteArray m_body; // at most kMaxQueueReplyBytes + 1
    int m_abortCode = 0;
    QString m_abortReason;
};

} // namespace

ManualDemandSource::ManualDemandSource(int initial, QObject *parent)
    : DemandSource(parent)
    , m_demand(initial)
{}

void ManualDemandSource::start()
{
    emit demandChanged(m_demand);
}

void ManualDemandSource::setDemand(int waiting)
{
    m_demand = std::max(0, waiting);
    emit demandChanged(m_demand);
}

Result<int> parseQueueItems(const QByteArray &json)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(json, &error);
    if (error.error != QJsonParseError::NoError || !document.isObject())
        return Error{EINVAL, {}, QStringLiteral("the queue is not a JSON object")};
    const QJsonValue items = document.object().value(QStringLiteral("items"));
    if (!items.isArray())
        return Error{EINVAL, {}, QStringLiteral("the queue has no items array")};
    return int(items.toArray().size());
}

std::unique_ptr<DemandSource> makeDemandSource(const PolicyConfig &config)
{
    switch (config.demandKind) {
    case PolicyConfig::DemandKind::Command:
        return std::make_unique<CommandDemandSource>(config);
    case PolicyConfig::DemandKind::QueueUrl:
        return std::make_unique<QueueUrlDemandSource>(config);
    case PolicyConfig::DemandKind::Manual:
        break;
    }
    return std::make_unique<ManualDemandSource>(config.manualDemand);
}

} // namespace clonedeck
