#include "AgentSessionManager.h"

#include "AgentSession.h"
#include "HostKeyPolicy.h"
#include "LineBuffer.h"
#include "Log.h"
#include "SshThreadCleanup.h"

#include <QThread>

#include <libssh/libssh.h>

#include <cerrno>

namespace clonedeck {

AgentSessionManager::AgentSessionManager(std::shared_ptr<HostKeyPolicy> defaultPolicy, QObject *parent)
    : QObject(parent)
    , m_defaultPolicy(std::move(defaultPolicy))
{
    ssh_init();
    m_thread = new QThread;
    m_thread->setObjectName(QStringLiteral("clonedeck-ssh-io"));
    releaseCryptoStateWhenFinished(m_thread);
    m_ioContext = new QObject;
    m_ioContext->moveToThread(m_thread);
    m_thread->start();
}

AgentSessionManager::~AgentSessionManager()
{
    // Sessions, their notifiers and libssh handles belong to the I/O thread: end them there.
    QMetaObject::invokeMethod(
        m_ioContext,
        [this] {
            for (AgentSession *session : std::as_const(m_sessions)) {
                QObject::disconnect(session, nullptr, m_ioContext, nullptr);
                session->abandon();
                delete session;
            }
            m_sessions.clear();
            delete m_ioContext;
        },
        Qt::BlockingQueuedConnection);
    m_thread->quit();
    m_thread->wait();
    delete m_thread;
}

QString AgentSessionManager::guardKeyOf(const AgentTarget &target)
{
    return target.platform + QChar(0x1f) + target.cluster + QChar(0x1f) + QString::number(target.domid);
}

Result<AgentSessionId> AgentSessionManager::launch(const AgentTarget &target,
                                                   const AgentLaunchOptions &options)
{
    if (!options.hostKeyPolicy && !m_defaultPolicy)
        return Error{EINVAL, target.address, QStringLiteral("no host key policy")};
    if (options.command.isEmpty())
        return Error{EINVAL, target.address, QStringLiteral("no agent command")};
    const QString guardKey = guardKeyOf(target);
    {
        QMutexLocker lock(&m_mutex);
        if (const auto it = m_liveByClone.constFind(guardKey); it != m_liveByClone.constEnd()) {
            return Error{
                EBUSY, QStringLiteral("%1:%2").arg(target.address).arg(target.port),
                QStringLiteral("an agent session (%1) is already live for domain %2 of cluster \"%3\"; "
                               "stop it before launching another")
                    .arg(it.value())
                    .arg(target.domid)
                    .arg(target.cluster)};
        }
    }
    return create(target, options, false, guardKey);
}

AgentSessionId AgentSessionManager::probe(const AgentTarget &target, const AgentLaunchOptions &options)
{
    return create(target, options, true, QString());
}

AgentSessionId AgentSessionManager::create(const AgentTarget &target, const AgentLaunchOptions &options,
                                           bool probe, const QString &guardKey)
{
    Record record;
    record.info.target = target;
    record.info.probe = probe;
    record.info.history.append(
        {AgentState::Connecting, QStringLiteral("launch requested"), QDateTime::currentDateTimeUtc()});
    record.guardKey = guardKey;
    record.stdoutLines = std::make_shared<LineBuffer>(options.outputLines, options.outputBytes);
    record.stderrLines = std::make_shared<LineBuffer>(options.outputLines, options.outputBytes);
    auto out = record.stdoutLines;
    auto err = record.stderrLines;
    AgentSessionId id = 0;
    OutputAcknowledgement acknowledgement = OutputAcknowledgement::OnDelivery;
    {
        QMutexLocker lock(&m_mutex);
        acknowledgement = m_acknowledgement;
        id = m_nextId++;
        record.info.id = id;
        if (!guardKey.isEmpty())
            m_liveByClone.insert(guardKey, id);
        m_records.insert(id, std::move(record));
        ++m_live;
        ++m_liveByPlatform[target.platform];
    }
    QMetaObject::invokeMethod(
        m_ioContext,
        [this, id, target, options, probe, out, err, acknowledgement] {
            startInIoThread(id, target, options, probe, out, err, acknowledgement);
        },
        Qt::QueuedConnection);
    return id;
}

void AgentSessionManager::startInIoThread(AgentSessionId id, const AgentTarget &target,
                                          const AgentLaunchOptions &options, bool probe,
                                          std::shared_ptr<LineBuffer> out, std::shared_ptr<LineBuffer> err,
                                          OutputAcknowledgement acknowledgement)
{
    std::shared_ptr<HostKeyPolicy> policy = options.hostKeyPolicy ? options.hostKeyPolicy : m_defaultPolicy;
    auto *session = new AgentSession(target, options, policy,
                                     probe ? AgentSession::Mode::Probe : AgentSession::Mode::Agent,
                                     std::move(out), std::move(err), m_ioContext);
    m_sessions.insert(id, session);
    wire(id, session, acknowledgement);
    session->start();
}

void AgentSessionManager::wire(AgentSessionId id, AgentSession *session,
                               OutputAcknowledgement acknowledgement)
{
    // Context m_ioContext: these run on the I/O thread, in order, right as the session reports.
    connect(session, &AgentSession::stateChanged, m_ioContext,
            [this, id](AgentState state, const QString &detail, const QDateTime &at) {
                {
                    QMutexLocker lock(&m_mutex);
                    if (auto it = m_records.find(id); it != m_records.end()) {
                        it->info.state = state;
                        it->info.history.append({state, detail, at});
                    }
                }
                emit stateChanged(id, state, detail, at);
            });
    connect(session, &AgentSession::hostKeyVerified, m_ioContext,
            [this, id](const QString &fingerprint, bool insecure) {
                {
                    QMutexLocker lock(&m_mutex);
                    if (auto it = m_records.find(id); it != m_records.end()) {
                        it->info.hostKeyFingerprint = fingerprint;
                        it->info.insecureHostKey = insecure;
                    }
                }
                emit hostKeyVerified(id, fingerprint, insecure);
            });
    connect(session, &AgentSession::output, m_ioContext,
            [this, id, acknowledgement](AgentStream stream, const QByteArray &data) {
                if (stream == AgentStream::Stdout)
                    emit stdoutData(id, data);
                else
                    emit stderrData(id, data);
                // Queued to our own thread behind the chunk's deliveries: it runs once every
                // receiver there has had the chunk (and its lines, emitted before it).
                if (acknowledgement == OutputAcknowledgement::OnDelivery) {
                    const qint64 bytes = data.size();
                    QMetaObject::invokeMethod(
                        this, [this, id, bytes] { acknowledgeOutput(id, bytes); }, Qt::QueuedConnection);
                }
            });
    connect(session, &AgentSession::outputPaused, m_ioContext, [this, id](bool paused) {
        QMutexLocker lock(&m_mutex);
        if (auto it = m_records.find(id); it != m_records.end())
            it->info.outputPaused = paused;
    });
    connect(session, &AgentSession::line, m_ioContext,
            [this, id](AgentStream stream, const QString &text) { emit lineReceived(id, stream, text); });
    connect(session, &AgentSession::stdinWritten, m_ioContext,
            [this, id](qint64 bytes) { emit stdinWritten(id, bytes); });
    connect(session, &AgentSession::idle, m_ioContext, [this, id] { emit idle(id); });
    connect(session, &AgentSession::exited, m_ioContext, [this, id](const AgentExit &exit) {
        {
            QMutexLocker lock(&m_mutex);
            if (auto it = m_records.find(id); it != m_records.end())
                it->info.exit = exit;
        }
        onSessionFinished(id);
        emit exited(id, exit);
    });
    connect(session, &AgentSession::probeSucceeded, m_ioContext, [this, id] {
        onSessionFinished(id);
        emit probeFinished(id, true, Error{});
    });
    connect(session, &AgentSession::failed, m_ioContext, [this, id](const Error &error) {
        bool probe = false;
        {
            QMutexLocker lock(&m_mutex);
            if (auto it = m_records.find(id); it != m_records.end()) {
                it->info.error = error;
                probe = it->info.probe;
            }
        }
        onSessionFinished(id);
        if (probe)
            emit probeFinished(id, false, error);
        else
            emit failed(id, error);
    });
    connect(session, &AgentSession::finished, m_ioContext, [this, id] {
        if (AgentSession *done = m_sessions.take(id))
            done->deleteLater();
    });
}

void AgentSessionManager::onSessionFinished(AgentSessionId id)
{
    // Release the duplicate-launch guard before anyone hears of the end, so a consumer may
    // relaunch from its exited()/failed() handler.
    QMutexLocker lock(&m_mutex);
    auto it = m_records.find(id);
    if (it == m_records.end() || it->finished)
        return;
    it->finished = true;
    if (!it->guardKey.isEmpty() && m_liveByClone.value(it->guardKey) == id)
        m_liveByClone.remove(it->guardKey);
    --m_live;
    if (--m_liveByPlatform[it->info.target.platform] <= 0)
        m_liveByPlatform.remove(it->info.target.platform);
    it->info.outputPaused = false;
    it->finishedBytes = it->stdoutLines->retainedBytes() + it->stderrLines->retainedBytes();
    m_finishedBytes += it->finishedBytes;
    m_finished.push_back(id);
    dropOldFinishedLocked();
}

void AgentSessionManager::dropOldFinishedLocked()
{
    while (!m_finished.empty() && (m_finished.size() > size_t(kFinishedSessionsKept) ||
                                   m_finishedBytes > kFinishedOutputBytesKept)) {
        m_finishedBytes -= m_records.value(m_finished.front()).finishedBytes;
        m_records.remove(m_finished.front());
        m_finished.pop_front();
    }
}

template<typename Function>
void AgentSessionManager::onSession(AgentSessionId id, Function function)
{
    QMetaObject::invokeMethod(
        m_ioContext,
        [this, id, function] {
            if (AgentSession *session = m_sessions.value(id))
                function(session);
        },
        Qt::QueuedConnection);
}

void AgentSessionManager::writeStdin(AgentSessionId id, const QByteArray &data)
{
    onSession(id, [data](AgentSession *session) { session->writeStdin(data); });
}

void AgentSessionManager::closeStdin(AgentSessionId id)
{
    onSession(id, [](AgentSession *session) { session->closeStdin(); });
}

void AgentSessionManager::stop(AgentSessionId id)
{
    onSession(id, [](AgentSession *session) { session->stop(); });
}

void AgentSessionManager::setOutputAcknowledgement(OutputAcknowledgement mode)
{
    QMutexLocker lock(&m_mutex);
    m_acknowledgement = mode;
}

void AgentSessionManager::acknowledgeOutput(AgentSessionId id, qint64 bytes)
{
    onSession(id, [bytes](AgentSession *session) { session->acknowledgeOutput(bytes); });
}

std::optional<AgentSessionInfo> AgentSessionManager::info(AgentSessionId id) const
{
    QMutexLocker lock(&m_mutex);
    const auto it = m_records.constFind(id);
    if (it == m_records.constEnd())
        return std::nullopt;
    return it->info;
}

QStringList AgentSessionManager::recentLines(AgentSessionId id, AgentStream stream) const
{
    std::shared_ptr<LineBuffer> buffer;
    {
        QMutexLocker lock(&m_mutex);
        const auto it = m_records.constFind(id);
        if (it == m_records.constEnd())
            return {};
        buffer = stream == AgentStream::Stdout ? it->stdoutLines : it->stderrLines;
    }
    return buffer->lines();
}

int AgentSessionManager::liveSessionCount() const
{
    QMutexLocker lock(&m_mutex);
    return m_live;
}

int AgentSessionManager::liveSessionCount(const QString &platform) const
{
    QMutexLocker lock(&m_mutex);
    return m_liveByPlatform.value(platform);
}

void AgentSessionManager::discard(AgentSessionId id)
{
    QMutexLocker lock(&m_mutex);
    const auto it = m_records.constFind(id);
    if (it == m_records.constEnd() || !it->finished)
        return;
    m_finishedBytes -= it->finishedBytes;
    m_records.remove(id);
    std::erase(m_finished, id);
}

} // namespace clonedeck
