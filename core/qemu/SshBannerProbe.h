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
    // `done` once the banner arrived, or with ETIMEDOUT; never from inside this call. A connection that
    // stays silent for `silenceMs` is replaced by a new one.
    void start(int timeoutMs, Finished done, int silenceMs = kSilenceMs);
    void cancel();

    static constexpr int kRetryMs = 100;
    // A booting guest: a connection slirp accepted before the guest's network was up may never be answered.
    static constexpr int kSilenceMs = 2000;

private:
    void attempt();
    void retry(const QString &why);

    QString m_host;
    quint16 m_port;
    QDeadlineTimer m_deadline;
    QTimer m_retry;
    QTcpSocket *m_socket = nullptr;
    QString m_lastProblem;
    int m_silenceMs = kSilenceMs;
    Finished m_done;
};

} // namespace clonedeck
