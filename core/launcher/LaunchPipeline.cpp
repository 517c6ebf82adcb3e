#include "LaunchPipeline.h"

#include "AgentSessionManager.h"
#include "HostKeyPolicy.h"
#include "Log.h"
#include "PlatformClient.h"
#include "XenstoreConnection.h"

#include <QtConcurrent/QtConcurrentRun>

#include <csignal>

namespace clonedeck {

namespace {

constexpr LaunchPipeline::Step kSteps[] = {
    LaunchPipeline::Step::RequestTicket,  LaunchPipeline::Step::Clone,
    LaunchPipeline::Step::ResolveAddress, LaunchPipeline::Step::WaitForSsh,
    LaunchPipeline::Step::StartAgent,     LaunchPipeline::Step::Run,
    LaunchPipeline::Step::Teardown};

// Runs `use(client)` with a PlatformClient of its own connection: called on pool threads.
template<typename T, typename Use>
Result<T> withPlatform(const QString &socketPath, int domid, Use use)
{
    auto connection = XenstoreConnection::open(socketPath);
    if (!connection)
        return connection.error();
    PlatformClient client(**connection, domid);
    return use(client);
}

int exitCodeOf(const AgentExit &exit)
{
    if (exit.exitCode >= 0)
        return exit.exitCode;
    // A shell reports death by signal N as 128 + N; do the same.
    static const QHash<QString, int> numbers{
        {QStringLiteral("HUP"), SIGHUP},   {QStringLiteral("INT"), SIGINT},
        {QStringLiteral("KILL"), SIGKILL}, {QStringLiteral("TERM"), SIGTERM},
        {QStringLiteral("PIPE"), SIGPIPE}, {QStringLiteral("SEGV"), SIGSEGV},
        {QStringLiteral("ABRT"), SIGABRT}, {QStringLiteral("QUIT"), SIGQUIT}};
    const int number = numbers.value(exit.signal, 0);
    return number > 0 ? 128 + number : 255;
}

} // namespace

QString LaunchPipeline::stepName(Step step)
{
    switch (step) {
    case Step::RequestTicket:
        return QStringLiteral("request ticket");
    case Step::Clone:
        return QStringLiteral("clone");
    case Step::ResolveAddress:
        return QStringLiteral("resolve address");
    case Step::WaitForSsh:
        return QStringLiteral("wait for SSH");
    case Step::StartAgent:
        return QStringLiteral("start agent");
    case Step::Run:
        return QStringLiteral("run");
    case Step::Teardown:
        return QStringLiteral("teardown");
    }
    return {};
}

LaunchPipeline::LaunchPipeline(Endpoint endpoint, LaunchProfile profile, AgentSessionManager *sessions,
                               std::shared_ptr<HostKeyPolicy> hostKeyPolicy, QObject *parent)
    : QObject(parent)
    , m_endpoint(std::move(endpoint))
    , m_profile(std::move(profile))
    , m_sessions(sessions)
    , m_hostKeyPolicy(std::move(hostKeyPolicy))
{
    qRegisterMetaType<StepRecord>();
    for (Step step : kSteps)
        m_steps.append(StepRecord{step, StepState::Pending, {}, {}, {}});
    connect(m_sessions, &AgentSessionManager::stateChanged, this,
            [this](AgentSessionId id, AgentState state, const QString &detail, const QDateTime &) {
                onStateChanged(id, state, detail);
            });
    connect(m_sessions, &AgentSessionManager::probeFinished, this, &LaunchPipeline::onProbeFinished);
    connect(m_sessions, &AgentSessionManager::exited, this, &LaunchPipeline::onExited);
    connect(m_sessions, &AgentSessionManager::failed, this, &LaunchPipeline::onFailed);
    connect(m_sessions, &AgentSessionManager::stdoutData, this,
            [this](AgentSessionId id, const QByteArray &data) {
                if (cloneFor(id))
                    emit agentOutput(AgentStream::Stdout, data);
            });
    connect(m_sessions, &AgentSessionManager::stderrData, this,
            [this](AgentSessionId id, const QByteArray &data) {
                if (cloneFor(id))
                    emit agentOutput(AgentStream::Stderr, data);
            });
}

LaunchPipeline::~LaunchPipeline() = default;

template<typename T, typename Work, typename Done>
void LaunchPipeline::offThread(Work work, Done done)
{
    ++m_busy;
    QtConcurrent::run(std::move(work)).then(this, [this, done = std::move(done)](Result<T> result) {
        --m_busy;
        done(std::move(result));
    });
}

void LaunchPipeline::start(bool stepByStep)
{
    m_stepByStep = stepByStep;
    if (auto valid = m_profile.validate(); !valid) {
        m_current = 0;
        fail(valid.error().toString());
        return;
    }
    runStep(0);
}

void LaunchPipeline::proceed()
{
    if (m_current >= 0 && m_current < m_steps.size() && m_steps[m_current].state == StepState::Succeeded &&
        !m_finished && !m_tearingDown)
        runStep(m_current + 1);
}

void LaunchPipeline::cancel()
{
    if (m_finished || m_tearingDown)
        return;
    m_cancelled = true;
    m_error = QStringLiteral("cancelled");
    spdlog::info("launch {}: cancelled at step {}", m_profile.name, stepName(m_steps.value(m_current).step));
    if (m_busy == 0)
        teardown(); // otherwise the call in flight finishes first, then tears down
}

void LaunchPipeline::beginStep(Step step, const QString &output)
{
    const int index = int(step);
    m_current = index;
    m_steps[index].state = StepState::Running;
    m_steps[index].started = QDateTime::currentDateTimeUtc();
    m_steps[index].output = output;
    emit stepChanged(index, m_steps[index]);
}

void LaunchPipeline::completeStep(Step step, bool succeeded, const QString &output)
{
    const int index = int(step);
    StepRecord &record = m_steps[index];
    record.state = succeeded ? StepState::Succeeded : StepState::Failed;
    record.ended = QDateTime::currentDateTimeUtc();
    if (!output.isEmpty())
        record.output += (record.output.isEmpty() ? QString() : QStringLiteral("\n")) + output;
    spdlog::info("launch {}: {} {} in {} ms{}{}", m_profile.name, stepName(step),
                 succeeded ? "done" : "FAILED", record.durationMs(), output.isEmpty() ? "" : ": ", output);
    emit stepChanged(index, record);
}

void LaunchPipeline::advance()
{
    if (m_cancelled) {
        teardown();
        return;
    }
    if (m_stepByStep) {
        emit paused(m_current + 1);
        return;
    }
    runStep(m_current + 1);
}

void LaunchPipeline::fail(const QString &error)
{
    m_failed = true;
    if (m_error.isEmpty())
        m_error = error;
    if (m_current >= 0 && m_current < m_steps.size() && m_steps[m_current].state == StepState::Running)
        completeStep(m_steps[m_current].step, false, error);
    teardown();
}

void LaunchPipeline::runStep(int index)
{
    switch (kSteps[index]) {
    case Step::RequestTicket:
        requestTicket();
        break;
    case Step::Clone:
        cloneOnTicket();
        break;
    case Step::ResolveAddress:
        resolveAddresses();
        break;
    case Step::WaitForSsh:
        waitForSsh();
        break;
    case Step::StartAgent:
        startAgents();
        break;
    case Step::Run:
        beginStep(Step::Run);
        for (const Clone &clone : std::as_const(m_clones)) {
            if (clone.exit) // an agent may have ended before this step began
                onExited(clone.session, *clone.exit);
        }
        break;
    case Step::Teardown:
        teardown();
        break;
    }
}

void LaunchPipeline::requestTicket()
{
    beginStep(Step::RequestTicket, QStringLiteral("rt %1 %2 %3 %4")
                                       .arg(m_profile.count)
                                       .arg(m_profile.vcpus)
                                       .arg(m_profile.memoryMb)
                                       .arg(m_profile.ticketTimeoutMs));
    const LaunchProfile p = m_profile;
    offThread<TicketGrant>(
        [socket = m_endpoint.socketPath, domid = m_endpoint.masterDomid, p] {
            return withPlatform<TicketGrant>(socket, domid, [&](PlatformClient &client) {
                return client.requestTicket(p.count, p.vcpus, p.memoryMb, p.ticketTimeoutMs);
            });
        },
        [this](Result<TicketGrant> grant) {
            if (!grant)
                return fail(grant.error().toString());
            m_ticket = grant->ticket;
            completeStep(Step::RequestTicket, true,
                         QStringLiteral("ticket %1 granted %2 of %3")
                             .arg(grant->ticket)
                             .arg(grant->granted)
                             .arg(grant->requested));
            advance();
        });
}

void LaunchPipeline::cloneOnTicket()
{
    beginStep(Step::Clone, QStringLiteral("clone %1").arg(m_ticket));
    offThread<QList<int>>(
        [socket = m_endpoint.socketPath, domid = m_endpoint.masterDomid, ticket = m_ticket] {
            return withPlatform<QList<int>>(socket, domid,
                                            [&](PlatformClient &client) { return client.clone(ticket); });
        },
        [this](Result<QList<int>> domids) {
            if (!domids)
                return fail(domids.error().toString());
            QStringList text;
            for (int domid : *domids) {
                m_clones.append(Clone{domid, 0, {}, 0, 0, {}});
                text.append(QString::number(domid));
            }
            completeStep(Step::Clone, true,
                         QStringLiteral("clone domids %1").arg(text.join(QLatin1Char(','))));
            advance();
        });
}

void LaunchPipeline::resolveAddresses()
{
    beginStep(Step::ResolveAddress, QStringLiteral("ltd %1").arg(m_ticket));
    struct Resolved
    {
        TicketDetails details;
        DomainInfo master;
    };
    offThread<Resolved>(
        [socket = m_endpoint.socketPath, domid = m_endpoint.masterDomid, ticket = m_ticket] {
            return withPlatform<Resolved>(socket, domid, [&](PlatformClient &client) -> Result<Resolved> {
                auto details = client.ticketDetails(ticket);
                if (!details)
                    return details.error();
                auto master = client.domain(domid);
                if (!master)
                    return master.error();
                return Resolved{*details, *master};
            });
        },
        [this](Result<Resolved> resolved) {
            if (!resolved)
                return fail(resolved.error().toString());
            m_cluster = resolved->master.cluster;
            m_masterAddress = resolved->master.sshHost;
            m_masterCreatedMs = resolved->master.createdMs;
            m_masterPort = quint16(resolved->master.sshPort);
            QStringList text;
            for (Clone &clone : m_clones) {
                for (const DomainInfo &domain : resolved->details.clones) {
                    if (domain.domid == clone.domid) {
                        clone.vmid = domain.vmid;
                        clone.address = domain.sshHost;
                        clone.port = quint16(domain.sshPort);
                    }
                }
                if (clone.address.isEmpty())
                    return fail(QStringLiteral("clone %1 has no address").arg(clone.domid));
                text.append(QStringLiteral("vmid %1 domid %2 at %3:%4")
                                .arg(clone.vmid)
                                .arg(clone.domid)
                                .arg(clone.address)
                                .arg(clone.port));
            }
            completeStep(Step::ResolveAddress, true, text.join(QLatin1Char('\n')));
            advance();
        });
}

AgentTarget LaunchPipeline::targetFor(const Clone &clone) const
{
    AgentTarget target;
    target.cluster = m_cluster;
    target.masterDomid = m_endpoint.masterDomid;
    target.masterCreatedMs = m_masterCreatedMs;
    target.domid = clone.domid;
    target.address = clone.address;
    target.port = clone.port;
    target.user =
        m_profile.user.isEmpty() ? qEnvironmentVariable("USER", QStringLiteral("root")) : m_profile.user;
    return target;
}

AgentLaunchOptions LaunchPipeline::sessionOptions() const
{
    AgentLaunchOptions options;
    options.command = m_profile.command;
    options.identityFiles = m_profile.identityFiles.isEmpty() && !m_endpoint.defaultIdentity.isEmpty()
                                ? QStringList{m_endpoint.defaultIdentity}
                                : m_profile.identityFiles;
    options.hostKeyPolicy = m_hostKeyPolicy;
    options.launchTimeoutMs = m_profile.launchTimeoutMs;
    options.idleSeconds = m_profile.idleSeconds;
    return options;
}

void LaunchPipeline::waitForSsh()
{
    beginStep(Step::WaitForSsh);
    // The master is contacted first, and the clones only once that contact is over: under
    // the lineage policy it pins the key every clone must then present. Probing them all at
    // once let a clone's handshake win the race and be refused for want of a pin.
    Clone master{m_endpoint.masterDomid, 0, m_masterAddress, m_masterPort, 0, {}};
    m_masterProbe = m_sessions->probe(targetFor(master), sessionOptions());
}

void LaunchPipeline::probeClones()
{
    for (const Clone &clone : std::as_const(m_clones))
        m_probes.append(m_sessions->probe(targetFor(clone), sessionOptions()));
}

void LaunchPipeline::onProbeFinished(AgentSessionId id, bool reachable, const Error &error)
{
    if (m_steps[int(Step::WaitForSsh)].state != StepState::Running)
        return;
    if (id == m_masterProbe) {
        m_masterProbe = 0;
        // A master without SSH (or behind a pinned key) is no reason to stop: the clones are
        // what the agents need, and the host-key policy says why one is refused, if it is.
        if (!reachable)
            spdlog::info("launch {}: the master did not answer SSH ({}); trying the clones", m_profile.name,
                         error.toString());
        probeClones();
        return;
    }
    if (!m_probes.contains(id))
        return;
    m_probes.removeAll(id);
    if (!reachable) {
        m_probes.clear();
        return fail(error.toString());
    }
    if (!m_probes.isEmpty())
        return;
    completeStep(Step::WaitForSsh, true, QStringLiteral("SSH answers on %1 clone(s)").arg(m_clones.size()));
    advance();
}

void LaunchPipeline::startAgents()
{
    beginStep(Step::StartAgent, m_profile.command);
    for (Clone &clone : m_clones) {
        auto session = m_sessions->launch(targetFor(clone), sessionOptions());
        if (!session)
            return fail(session.error().toString());
        clone.session = *session;
        // What arrived on our stdin before the agent existed goes first.
        if (!m_pendingStdin.isEmpty())
            m_sessions->writeStdin(clone.session, m_pendingStdin);
        if (m_stdinClosed)
            m_sessions->closeStdin(clone.session);
    }
    m_pendingStdin.clear();
}

void LaunchPipeline::writeStdin(const QByteArray &data)
{
    bool delivered = false;
    for (const Clone &clone : std::as_const(m_clones)) {
        if (clone.session != 0) {
            m_sessions->writeStdin(clone.session, data);
            delivered = true;
        }
    }
    if (!delivered)
        m_pendingStdin += data;
}

void LaunchPipeline::closeStdin()
{
    m_stdinClosed = true;
    for (const Clone &clone : std::as_const(m_clones)) {
        if (clone.session != 0)
            m_sessions->closeStdin(clone.session);
    }
}

LaunchPipeline::Clone *LaunchPipeline::cloneFor(AgentSessionId id)
{
    for (Clone &clone : m_clones) {
        if (clone.session == id && id != 0)
            return &clone;
    }
    return nullptr;
}

void LaunchPipeline::onStateChanged(AgentSessionId id, AgentState state, const QString &detail)
{
    if (!cloneFor(id) || state != AgentState::Running ||
        m_steps[int(Step::StartAgent)].state != StepState::Running)
        return;
    for (const Clone &clone : std::as_const(m_clones)) {
        const auto info = m_sessions->info(clone.session);
        if (!info || (info->state != AgentState::Running && !clone.exit))
            return;
    }
    completeStep(Step::StartAgent, true, QStringLiteral("agent running on %1 clone(s)").arg(m_clones.size()));
    advance();
}

void LaunchPipeline::onExited(AgentSessionId id, const AgentExit &exit)
{
    Clone *clone = cloneFor(id);
    if (!clone)
        return;
    clone->exit = exit;
    if (m_steps[int(Step::Run)].state != StepState::Running)
        return; // recorded; the run step picks it up
    for (const Clone &c : std::as_const(m_clones)) {
        if (!c.exit)
            return;
    }
    m_exitCode = exitCodeOf(m_clones.first().exit.value());
    for (const Clone &c : std::as_const(m_clones)) {
        if (exitCodeOf(*c.exit) != 0 && m_exitCode == 0)
            m_exitCode = exitCodeOf(*c.exit);
    }
    completeStep(Step::Run, true, QStringLiteral("agent exited with %1").arg(m_exitCode));
    if (m_stepByStep) {
        emit paused(int(Step::Teardown));
        return;
    }
    teardown();
}

void LaunchPipeline::onFailed(AgentSessionId id, const Error &error)
{
    if (!cloneFor(id) || m_tearingDown || m_finished)
        return;
    fail(error.toString());
}

void LaunchPipeline::teardown()
{
    if (m_tearingDown || m_finished)
        return;
    m_tearingDown = true;
    // Steps that never ran are skipped, not pending forever.
    for (StepRecord &record : m_steps) {
        if (record.state == StepState::Pending && record.step != Step::Teardown)
            record.state = StepState::Skipped;
        if (record.state == StepState::Running && record.step != Step::Teardown) {
            record.state = StepState::Failed;
            record.ended = QDateTime::currentDateTimeUtc();
        }
    }
    beginStep(Step::Teardown);
    for (const Clone &clone : std::as_const(m_clones)) {
        if (clone.session != 0 && !clone.exit)
            m_sessions->stop(clone.session);
    }
    if (m_ticket.isEmpty()) {
        completeStep(Step::Teardown, true, QStringLiteral("nothing to tear down"));
        finish();
        return;
    }
    QList<int> domids;
    for (const Clone &clone : std::as_const(m_clones))
        domids.append(clone.domid);
    const bool join = m_profile.teardown == LaunchProfile::Teardown::Join;
    offThread<QString>(
        [socket = m_endpoint.socketPath, master = m_endpoint.masterDomid, ticket = m_ticket, domids, join] {
            return withPlatform<QString>(socket, master, [&](PlatformClient &client) -> Result<QString> {
                QStringList done;
                if (join) {
                    auto connection = XenstoreConnection::open(socket);
                    for (int domid : domids) {
                        if (connection && PlatformClient(**connection, domid).join(true))
                            done.append(QStringLiteral("joined %1").arg(domid));
                    }
                }
                // Whatever is left of the ticket (clones that did not join, an unused grant) goes too.
                const auto ticketInfo = client.ticket(ticket);
                if (ticketInfo && !isFinal(ticketInfo->state)) {
                    if (auto killed = client.killTicket(ticket); killed)
                        done.append(
                            QStringLiteral("ticket %1 ended (%2 clone(s) killed)").arg(ticket).arg(*killed));
                    else if (killed.error().code != EINVAL)
                        return killed.error();
                }
                return done.join(QLatin1Char('\n'));
            });
        },
        [this](Result<QString> result) {
            if (m_hostKeyPolicy) {
                for (const Clone &clone : std::as_const(m_clones))
                    m_hostKeyPolicy->forgetAddress(pinScope(targetFor(clone)), clone.address);
            }
            completeStep(Step::Teardown, result.ok(), result ? *result : result.error().toString());
            if (!result && m_error.isEmpty())
                m_error = result.error().toString();
            finish();
        });
}

void LaunchPipeline::finish()
{
    m_finished = true;
    const bool succeeded = !m_failed && !m_cancelled && m_error.isEmpty();
    emit finished(succeeded, m_exitCode, m_error);
}

} // namespace clonedeck
