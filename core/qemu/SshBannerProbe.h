#pragma once

// Waits until an SSH server answers at host:port with its banner ("SSH-"),
// retrying within a deadline. A forwarded port accepts connections before the
// guest's server listens (QEMU's user-mode network then closes them), so only
// the banner proves the guest answers.
#include "Error.h"

#include <QDeadlineTimer>
#include <QObject>
#include <QTimer>

#include <functional>

class QTcpSocket;

namespace clonedeck {

class SshBannerProbe : public QObject
{
    Q_OBJECT
public:
    using Finished = std::function<void(const Status &)>;

    SshBannerProbe(QString host, quint16 port, QObject *parent = nullptr);
    // `done` once the banner arrived, or with ETIMEDOUT; never from inside this call.
    void start(int timeoutMs, Finished done);
    void cancel();

    static constexpr int kRetryMs = 100;

private:
    void attempt();
    void retry(const QString &why);

    QString m_host;
    quint16 m_port;
    QDeadlineTimer m_deadline;
    QTimer m_retry;
    QTcpSocket *m_socket = nullptr;
    QString m_lastProblem;
    Finished m_done;
};

} // namespace clonedeck
