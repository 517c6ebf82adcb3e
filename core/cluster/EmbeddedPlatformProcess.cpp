#include "EmbeddedPlatformProcess.h"

#include "Log.h"

#include <QCoreApplication>

namespace clonedeck {

EmbeddedPlatformProcess::EmbeddedPlatformProcess(QObject *parent)
    : QObject(parent)
{
    m_process.setProcessChannelMode(QProcess::SeparateChannels);
    connect(&m_process, &QProcess::readyReadStandardOutput, this, [this] {
        m_output += m_process.readAllStandardOutput();
        const qsizetype at = m_output.indexOf("XENSTORED_PATH=");
        const qsizetype end = m_output.indexOf('\n', at);
        if (m_socketPath.isEmpty() && at >= 0 && end > at) {
            m_socketPath = QString::fromUtf8(m_output.mid(at + 15, end - at - 15));
            spdlog::info("embedded platform ready at {}", m_socketPath);
            emit ready(m_socketPath);
        }
    });
    connect(&m_process, &QProcess::readyReadStandardError, this, [this] {
        // clonedeckd's log lines become console events.
        for (const QByteArray &line : m_process.readAllStandardError().split('\n')) {
            if (!line.trimmed().isEmpty())
                spdlog::info("clonedeckd: {}", line.trimmed());
        }
    });
    connect(&m_process, &QProcess::finished, this, [this](int code, QProcess::ExitStatus) {
        if (m_socketPath.isEmpty())
            emit failed(tr("clonedeckd exited (status %1) before it was ready").arg(code));
        else
            spdlog::warn("clonedeckd exited with status {}", code);
    });
    connect(&m_process, &QProcess::errorOccurred, this, [this](QProcess::ProcessError error) {
        if (error == QProcess::FailedToStart)
            emit failed(tr("cannot start clonedeckd: %1").arg(m_process.errorString()));
    });
}

EmbeddedPlatformProcess::~EmbeddedPlatformProcess()
{
    stop();
}

void EmbeddedPlatformProcess::start(const QString &runDir, const QStringList &extraArguments)
{
    const QString program = QCoreApplication::applicationDirPath() + QStringLiteral("/clonedeckd");
    m_process.start(program, QStringList{QStringLiteral("--run-dir"), runDir} + extraArguments);
}

void EmbeddedPlatformProcess::stop()
{
    if (m_process.state() == QProcess::NotRunning)
        return;
    m_process.terminate();
    if (!m_process.waitForFinished(10000)) // at quit only: the platform stops its VMs first
        m_process.kill();
}

} // namespace clonedeck
