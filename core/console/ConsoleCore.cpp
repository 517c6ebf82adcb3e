#include "ConsoleCore.h"

#include "AgentLauncher.h"
#include "AgentSessionManager.h"
#include "CloneTerminal.h"
#include "ClusterMirror.h"
#include "ClusterSampler.h"
#include "ConnectionManager.h"
#include "ConsoleAlerts.h"
#include "ConsoleSettings.h"
#include "EmbeddedPlatformProcess.h"
#include "EventLogModel.h"
#include "HostKeyPolicyNames.h"
#include "HostKeyPolicyRegistry.h"
#include "Log.h"
#include "Operations.h"
#include "PlatformConnection.h"
#include "PlatformConnections.h"
#include "PlatformGateway.h"
#include "PolicyManager.h"
#include "SshHostPool.h"
#include "UnixSocketTransport.h"

#include <QDir>
#include <QStandardPaths>

namespace clonedeck {

namespace {
QString inState(const QString &stateDir, const QString &file)
{
    return stateDir.isEmpty() ? QString() : QDir(stateDir).filePath(file);
}
} // namespace

ConsoleCore::ConsoleCore(const QString &stateDir, const SshHostOptions &ssh, QObject *parent)
    : QObject(parent)
    , m_platform(std::make_unique<EmbeddedPlatformProcess>())
    , m_settings(stateDir.isEmpty()
                     ? std::make_unique<ConsoleSettings>()
                     : std::make_unique<ConsoleSettings>(inState(stateDir, QStringLiteral("clonedeck.ini"))))
    , m_hostKeyPolicies(std::make_unique<HostKeyPolicyRegistry>(
          HostKeyPolicySettings{inState(stateDir, QStringLiteral("host-keys.ini")), {}}))
    , m_eventLog(std::make_unique<EventLogModel>())
    , m_eventSink(std::make_shared<EventLogSink>(m_eventLog.get()))
{
    m_sinceStart.start();
    // Before any thread of ours logs: spdlog's list of sinks is not guarded.
    logging::addSink(m_eventSink);
    m_connections = std::make_unique<PlatformConnections>();
    m_connections->add(QStringLiteral("local")); // the primary: opened by connectTo
    m_sshHosts = std::make_unique<SshHostPool>(ssh);
    m_connectionManager =
        std::make_unique<ConnectionManager>(m_connections.get(), m_settings.get(), m_sshHosts.get());
    auto defaultPolicy = m_hostKeyPolicies->policy(m_settings->hostKeyPolicy());
    if (!defaultPolicy) // a broken preference must not turn checking off: fall back to the strict default
        defaultPolicy = m_hostKeyPolicies->policy(QLatin1String(hostkeys::kDefault));
    m_sessions = std::make_unique<AgentSessionManager>(defaultPolicy ? *defaultPolicy : nullptr);
    m_launchServices = LaunchServices{.gateway = gateway(),
                                      .sessions = m_sessions.get(),
                                      .hostKeyPolicies = m_hostKeyPolicies.get(),
                                      .mirror = mirror(),
                                      .tunnel = {}, // the primary is this host's
                                      .platforms = m_connections.get()};
    m_operations = std::make_unique<Operations>(m_connections.get());
    m_agentLauncher = std::make_unique<AgentLauncher>(m_launchServices);
    // Per-domain known_hosts files for terminals: beside the pins, or the user's data directory.
    const QString knownHosts = stateDir.isEmpty()
                                   ? QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation) +
                                         QStringLiteral("/terminal-known-hosts")
                                   : inState(stateDir, QStringLiteral("terminal-known-hosts"));
    m_terminal =
        std::make_unique<CloneTerminal>(mirror(), m_hostKeyPolicies.get(), m_settings.get(), knownHosts);
    m_policies = std::make_unique<PolicyManager>(
        PolicyStore(inState(stateDir, QStringLiteral("policies.ini"))), m_launchServices);
    m_alerts = std::make_unique<ConsoleAlerts>(m_policies.get(), gateway(), m_sessions.get());
    // The dashboard's history starts with the console, whichever tab is open, over every host.
    m_sampler = std::make_unique<ClusterSampler>(m_connections.get(), m_sessions.get());
    m_sampler->start();
    connect(mirror(), &ClusterMirror::loaded, this, &ConsoleCore::onLoaded, Qt::SingleShotConnection);
    connect(mirror(), &ClusterMirror::malformedRecord, this, [](const QString &path, const QString &reason) {
        spdlog::warn("ignored a malformed record at {}: {}", path, reason);
    });
    connect(m_platform.get(), &EmbeddedPlatformProcess::ready, this, &ConsoleCore::connectTo);
    connect(m_platform.get(), &EmbeddedPlatformProcess::failed, this,
            [this](const QString &reason, const QString &advice) {
                spdlog::critical("embedded platform: {} — {}", reason, advice);
                emit failed(reason, advice);
            });
}

ConsoleCore::~ConsoleCore()
{
    // Pending platform calls are answered first, while every object their continuations run on
    // lives; then in reverse order of making, the policies first, so their agents stop while the
    // sessions run.
    for (PlatformConnection *connection :
         m_connections ? m_connections->all() : QList<PlatformConnection *>{})
        connection->gateway()->answerWaitingCalls(QStringLiteral("the console is closing"));
    m_alerts.reset();
    m_sampler.reset();
    m_policies.reset();
    m_terminal.reset();
    m_agentLauncher.reset();
    m_operations.reset();
    m_sessions.reset();
    m_connectionManager.reset();
    m_connections.reset(); // gives up what still waits on the platforms
    m_sshHosts.reset();
    logging::removeSink(m_eventSink); // no thread of ours is left to log
    m_platform.reset();               // stops clonedeckd, unless kept for the next start
}

void ConsoleCore::connectTo(const QString &socketPath)
{
    m_connections->primary()->open(std::make_unique<UnixSocketTransport>(socketPath));
}

void ConsoleCore::connectRemembered()
{
    m_connectionManager->connectRemembered();
}

PlatformGateway *ConsoleCore::gateway() const
{
    return m_connections->primary()->gateway();
}

ClusterMirror *ConsoleCore::mirror() const
{
    return m_connections->primary()->mirror();
}

void ConsoleCore::startEmbedded(const QString &runDir, const QString &backend, bool keepRunning)
{
    QStringList arguments;
    if (!backend.isEmpty())
        arguments << QStringLiteral("--backend") << backend;
    m_platform->start(runDir, arguments, keepRunning); // clonedeckd creates it, private (0700), or refuses it
}

void ConsoleCore::setKeepPlatformRunning(bool keep)
{
    m_platform->setKeepRunning(keep);
}

QString ConsoleCore::clientKey() const
{
    const auto platform = mirror()->platform();
    return platform ? platform->clientKey : QString();
}

void ConsoleCore::onLoaded()
{
    spdlog::info("console ready {} ms after start: {} domains, {} tickets", m_sinceStart.elapsed(),
                 mirror()->domains().size(), mirror()->tickets().size());
    // Policies launch agents with the platform's key: known now, from the record just loaded.
    m_policies->setDefaultIdentity(clientKey());
    m_policies->startEnabled();
    m_ready = true;
    emit ready();
}

} // namespace clonedeck
