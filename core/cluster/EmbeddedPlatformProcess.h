#pragma once

// Runs clonedeckd (found beside the running executable) as a child process in a
// run directory, asynchronously: ready(socket) once it prints its
// XENSTORED_PATH line, failed(message) if it cannot start. Stopped with SIGTERM.
#include <QObject>
#include <QProcess>

namespace clonedeck {

class EmbeddedPlatformProcess : public QObject
{
    Q_OBJECT
public:
    explicit EmbeddedPlatformProcess(QObject *parent = nullptr);
    ~EmbeddedPlatformProcess() override;

    void start(const QString &runDir, const QStringList &extraArguments = {});
    void stop();
    QString socketPath() const { return m_socketPath; }

signals:
    void ready(const QString &socketPath);
    void failed(const QString &message);

private:
    QProcess m_process;
    QByteArray m_output;
    QString m_socketPath;
};

} // namespace clonedeck
