#include "DemandSource.h"

#include "Log.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QTimer>

namespace clonedeck {

namespace {

// Polls a command: its stdout is one number, the jobs waiting.
class CommandDemandSource : public DemandSource
{
public:
    explicit CommandDemandSource(const PolicyConfig &config)
        : m_command(config.demandCommand)
        , m_timeoutMs(config.commandTimeoutMs)
    {
        m_timer.setInterval(config.pollIntervalMs);
        connect(&m_timer, &QTimer::timeout, this, &CommandDemandSource::poll);
    }
    void start() override
    {
        m_timer.start();
        poll();
    }

private:
    void poll()
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
    int m_timeoutMs;
    QTimer m_timer;
    QProcess *m_process = nullptr;
};

// Polls a Jenkins-compatible queue: GET URL -> {"items": [...]}.
class QueueUrlDemandSource : public DemandSource
{
public:
    explicit QueueUrlDemandSource(const PolicyConfig &config)
        : m_url(config.queueUrl)
        , m_timeoutMs(config.commandTimeoutMs)
    {
        m_timer.setInterval(config.pollIntervalMs);
        connect(&m_timer, &QTimer::timeout, this, &QueueUrlDemandSource::poll);
    }
    void start() override
    {
        m_timer.start();
        poll();
    }

private:
    void poll()
    {
        QNetworkRequest request(m_url);
        request.setTransferTimeout(m_timeoutMs);
        QNetworkReply *reply = m_network.get(request);
        connect(reply, &QNetworkReply::finished, this, [this, reply] {
            reply->deleteLater();
            if (reply->error() != QNetworkReply::NoError) {
                emit failed(Error{EIO, m_url.toString(), reply->errorString()});
                return;
            }
            const auto items = parseQueueItems(reply->read(1024 * 1024));
            if (!items)
                emit failed(Error{EINVAL, m_url.toString(), items.error().message});
            else
                emit demandChanged(*items);
        });
    }

    QUrl m_url;
    int m_timeoutMs;
    QTimer m_timer;
    QNetworkAccessManager m_network;
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
