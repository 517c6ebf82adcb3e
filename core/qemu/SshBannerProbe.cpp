#include "SshBannerProbe.h"

#include <QTcpSocket>

namespace clonedeck {

SshBannerProbe::SshBannerProbe(QString host, quint16 port, QObject *parent)
    : QObject(parent)
    , m_host(std::move(host))
    , m_port(port)
{
    m_retry.setSingleShot(true);
    connect(&m_retry, &QTimer::timeout, this, &SshBannerProbe::attempt);
}

void SshBannerProbe::start(int timeoutMs, Finished done, int silenceMs)
{
    m_done = std::move(done);
    m_silenceMs = silenceMs;
    m_deadline = QDeadlineTimer(timeoutMs);
    m_lastProblem = QStringLiteral("no answer");
    m_retry.start(0);
}

void SshBannerProbe::cancel()
{
    m_retry.stop();
    delete m_socket;
    m_socket = nullptr;
    m_done = nullptr;
}

void SshBannerProbe::attempt()
{
    if (m_socket) {
        m_lastProblem = QStringLiteral("connected, but no banner");
        delete m_socket;
        m_socket = nullptr;
    }
    if (m_deadline.hasExpired()) {
        if (auto done = std::exchange(m_done, nullptr))
            done(Error{ETIMEDOUT, QStringLiteral("%1:%2").arg(m_host).arg(m_port),
                       QStringLiteral("SSH did not answer in time (%1)").arg(m_lastProblem)});
        return;
    }
    m_socket = new QTcpSocket(this);
    QTcpSocket *socket = m_socket;
    connect(socket, &QTcpSocket::readyRead, this, [this, socket] {
        if (socket->bytesAvailable() < 4)
            return;
        if (socket->peek(4) != "SSH-")
            return retry(QStringLiteral("not an SSH banner"));
        m_retry.stop();
        m_socket = nullptr;
        socket->deleteLater();
        if (auto done = std::exchange(m_done, nullptr))
            done(Status(Done{}));
    });
    connect(socket, &QTcpSocket::disconnected, this,
            [this] { retry(QStringLiteral("closed before the banner")); });
    connect(socket, &QTcpSocket::errorOccurred, this, [this, socket] { retry(socket->errorString()); });
    socket->connectToHost(m_host, m_port);
    m_retry.start(int(std::min<qint64>(m_silenceMs, std::max<qint64>(1, m_deadline.remainingTime()))));
}

void SshBannerProbe::retry(const QString &why)
{
    if (!m_socket)
        return;
    m_lastProblem = why;
    m_socket->disconnect(this); // one retry per attempt, whatever else it reports
    m_socket->deleteLater();
    m_socket = nullptr;
    m_retry.start(int(std::min<qint64>(kRetryMs, std::max<qint64>(0, m_deadline.remainingTime()))));
}

} // namespace clonedeck
