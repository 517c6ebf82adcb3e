#include "LaunchPipeline.h"

#include "AgentSessionManager.h"
#include "CloneSpawn.h"
#include "HostKeyPolicy.h"
#include "HostKeyPolicyRegistry.h"
#include "LaunchTargets.h"
#include "Log.h"
#include "MasterFirstContact.h"
#include "PlatformGateway.h"

#include <algorithm>
#include <QFile>

namespace clonedeck {

QString LaunchPipeline::stepName(Step step)
{
    static const char *const names[] = {"request ticket", "clone", "resolve address", "wait for SSH",
                                        "start agent",    "run",   "teardown"};
    return QLatin1String(names[int(step)]);
}

LaunchPipeline::LaunchPipeline(const LaunchServices &services, Endpoint endpoint, LaunchProfile profile,
                               QObject *parent)
    : QObject(parent)
    , m_services(services)
    , m_endpoint(std::move(endpoint))
    , m_profile(std::move(profile))
    , m_spawn(new CloneSpawn(services.gateway, m_endpoint.masterDomid, this))
    , m_contact(new MasterFirstContact(services.sessions, this))
{
    qRegisterMetaType<StepRecord>();
    for (int step = 0; step <= int(Step::Teardown); ++step)
        m_steps.append(StepRecord{Step(step), StepState::Pending, {}, {}, {}});
    AgentSessionManager *sessions = m_services.sessions;
    connect(sessions, &AgentSessionManager::stateChanged, this, [this](AgentSessionId id, AgentState state) {
        if (cloneFor(id) && state == AgentState::Running)
            completeStartIfAllStarted();
    });
    connect(sessions, &AgentSessionManager::probeFinished, this, &LaunchPipeline::onProbeFinished);
    connect(sessions, &AgentSessionManager::exited, this, &LaunchPipeline::onExited);
    connect(sessions, &AgentSessionManager::failed, this, &LaunchPipeline::onFailed);
    for (const auto &[signal, stream] : {std::pair{&AgentSessionManager::stdoutData, AgentStream::Stdout},
                                         std::pair{&AgentSessionManager::stderrData, AgentStream::Stderr}}) {
        connect(sessions, signal, this, [this, stream](AgentSessionId id, const QByteArray &data) {
            if (cloneFor(id))
                emit agentOutput(stream, data);
        });
    }
}

LaunchPipeline::~LaunchPipeline() = default;

QString LaunchPipeline::ticket() const
{
    return m_spawn->ticket();
}

void LaunchPipeline::start(bool stepByStep)
{
    if (m_state != State::Ready)
        return;
    m_stepByStep = stepByStep;
    m_state = State::Running;
    Status ready = m_profile.validate();
    if (ready) {
        auto policy = m_services.hostKeyPolicies->policy(m_profile.hostKeyPolicy);
        if (policy)
            m_hostKeyPolicy = *policy;
        else
            ready = policy.error();
    }
    if (!ready) {
        m_current = 0;
        return fail(ready.error().toString());
    }
    runStep(0);
}

void LaunchPipeline::proceed()
{
    if (m_state != State::Paused)
        return;
    m_state = State::Running;
    runStep(m_current + 1);
}

void LaunchPipeline::cancel()
{
    if (m_state == State::TearingDown || m_state == State::Finished)
        return;
    m_outcome = Outcome::Cancelled;
    m_error = QStringLiteral("cancelled");
    spdlog::info("launch {}: cancelled at step {}", m_profile.name, stepName(m_steps.value(m_current).step));
    teardown();
    // The platform call in flight (if any) gives up now; the gateway undoes what it still grants.
    // Its answer may come at once: the run is past waiting for it.
    m_spawn->cancel();
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

bool LaunchPipeline::isCurrent(Step step) const
{
    return m_state == State::Running && m_current == int(step) &&
           m_steps[m_current].state == StepState::Running;
}

void LaunchPipeline::advance()
{
    if (m_stepByStep) {
        m_state = State::Paused;
        emit paused(m_current + 1);
        return;
    }
    runStep(m_current + 1);
}

void LaunchPipeline::fail(const QString &error)
{
    if (m_state == State::TearingDown || m_state == State::Finished)
        return;
    if (m_outcome == Outcome::Pending)
        m_outcome = Outcome::Failed;
    if (m_error.isEmpty())
        m_error = error;
    if (m_current >= 0 && m_current < m_steps.size() && m_steps[m_current].state == StepState::Running)
        completeStep(m_steps[m_current].step, false, error);
    teardown();
}

void LaunchPipeline::runStep(int index)
{
    // A switch, not an array of member-function pointers: GCC 12's UBSan bounds check misreads
    // such an array's index (runStep(0) aborted `make test-asan` with "index 1540116800 out of
    // bounds for type '<unknown> [7]'", a different index each run).
    switch (Step(index)) {
    case Step::RequestTicket:
        return requestTicket();
    case Step::Clone:
        return cloneOnTicket();
    case Step::ResolveAddress:
        return resolveAddresses();
    case Step::WaitForSsh:
        return waitForSsh();
    case Step::StartAgent:
        return startAgents();
    case Step::Run:
        return runAgents();
    case Step::Teardown:
        return teardown();
    }
}

void LaunchPipeline::requestTicket()
{
    const LaunchProfile &p = m_profile;
    beginStep(
        Step::RequestTicket,
        QStringLiteral("rt %1 %2 %3 %4").arg(p.count).arg(p.vcpus).arg(p.memoryMb).arg(p.ticketTimeoutMs));
    m_spawn->requestTicket(p.count, p.vcpus, p.memoryMb, p.ticketTimeoutMs,
                           [this](const Result<TicketGrant> &grant) {
                               if (!isCurrent(Step::RequestTicket))
                                   return;
                               if (!grant)
                                   return fail(grant.error().toString());
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
    beginStep(Step::Clone, QStringLiteral("clone %1").arg(ticket()));
    m_spawn->clone([this](const Result<QList<int>> &domids) {
        if (!isCurrent(Step::Clone))
            return;
        if (!domids)
            return fail(domids.error().toString());
        QStringList text;
        for (int domid : *domids) {
            m_clones.append(Clone{domid, {}, 0, {}});
            text.append(QString::number(domid));
        }
        completeStep(Step::Clone, true, QStringLiteral("clone domids %1").arg(text.join(QLatin1Char(','))));
        advance();
    });
}

void LaunchPipeline::resolveAddresses()
{
    beginStep(Step::ResolveAddress, QStringLiteral("ltd %1").arg(ticket()));
    PlatformGateway *gateway = m_services.gateway;
    // The platform's record names the key it installed in its masters: the identity unless one is
    // given. Asked first on the one connection, so it is answered before the master is. A remote
    // host's key is a path there, not here: its clones accept the operator's keys (--operator-keys).
    gateway->platform().then(this, [this](const Result<PlatformInfo> &platform) {
        if (platform && m_endpoint.defaultIdentity.isEmpty() && !m_services.tunnel &&
            QFile::exists(platform->clientKey))
            m_endpoint.defaultIdentity = platform->clientKey;
    });
    gateway->domain(m_endpoint.masterDomid).then(this, [this, gateway](const Result<DomainInfo> &master) {
        if (!isCurrent(Step::ResolveAddress))
            return;
        if (!master)
            return fail(master.error().toString());
        m_master = *master; // its creation names the lineage its host key is pinned for
        gateway->ticketDetails(ticket()).then(this, [this](const Result<TicketDetails> &details) {
            if (!isCurrent(Step::ResolveAddress))
                return;
            if (!details)
                return fail(details.error().toString());
            QStringList text;
            for (Clone &clone : m_clones) {
                for (const DomainInfo &domain : details->clones) {
                    if (domain.domid == clone.domid) {
                        clone.target = agentTargetOf(domain, m_master.createdMs, m_profile.user);
                        clone.target.platform = m_services.gateway->uri(); // one guard per platform's domain
                    }
                }
                if (clone.target.address.isEmpty() || clone.target.port == 0) // it answers once running
                    return fail(QStringLiteral("clone %1 has no SSH endpoint").arg(clone.domid));
                text.append(QStringLiteral("domid %1 at %2:%3")
                                .arg(clone.domid)
                                .arg(clone.target.address)
                                .arg(clone.target.port));
            }
            completeStep(Step::ResolveAddress, true, text.join(QLatin1Char('\n')));
            advance();
        });
    });
}

AgentLaunchOptions LaunchPipeline::sessionOptions() const
{
    AgentLaunchOptions options;
    options.command = m_profile.command;
    options.identityFiles = m_profile.identityFiles.isEmpty() && !m_endpoint.defaultIdentity.isEmpty()
                                ? QStringList{m_endpoint.defaultIdentity}
                                : m_profile.identityFiles;
    options.hostKeyPolicy = m_hostKeyPolicy;
    options.tunnel = m_services.tunnel;
    options.launchTimeoutMs = m_profile.launchTimeoutMs;
    options.idleSeconds = m_profile.idleSeconds;
    return options;
}

void LaunchPipeline::waitForSsh()
{
    beginStep(Step::WaitForSsh);
    m_contact->beforeClones(agentTargetOf(m_master, m_master.createdMs, m_profile.user), sessionOptions(),
                            [this] {
                                if (isCurrent(Step::WaitForSsh))
                                    probeClones();
                            });
}

void LaunchPipeline::probeClones()
{
    for (const Clone &clone : std::as_const(m_clones))
        m_probes.append(m_services.sessions->probe(clone.target, sessionOptions()));
}

void LaunchPipeline::onProbeFinished(AgentSessionId id, bool reachable, const Error &error)
{
    if (!isCurrent(Step::WaitForSsh) || !m_probes.removeOne(id))
        return;
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
        auto session = m_services.sessions->launch(clone.target, sessionOptions());
        if (!session)
            return fail(session.error().toString());
        clone.session = *session;
        // What arrived on our stdin before the agent existed goes first.
        if (!m_pendingStdin.isEmpty())
            m_services.sessions->writeStdin(clone.session, m_pendingStdin);
        if (m_stdinClosed)
            m_services.sessions->closeStdin(clone.session);
    }
    m_pendingStdin.clear();
}

void LaunchPipeline::runAgents()
{
    beginStep(Step::Run);
    for (const Clone &clone : std::as_const(m_clones)) {
        if (clone.exit) // an agent may have ended before this step began
            onExited(clone.session, *clone.exit);
    }
}

void LaunchPipeline::writeStdin(const QByteArray &data)
{
    const auto started = [](const Clone &clone) { return clone.session != 0; };
    for (const Clone &clone : std::as_const(m_clones)) {
        if (started(clone))
            m_services.sessions->writeStdin(clone.session, data);
    }
    if (std::none_of(m_clones.cbegin(), m_clones.cend(), started))
        m_pendingStdin += data;
}

void LaunchPipeline::closeStdin()
{
    m_stdinClosed = true;
    for (const Clone &clone : std::as_const(m_clones)) {
        if (clone.session != 0)
            m_services.sessions->closeStdin(clone.session);
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

// A quick agent has exited when its queued "running" arrives, its exit after it: both check (else it hung).
void LaunchPipeline::completeStartIfAllStarted()
{
    if (!isCurrent(Step::StartAgent))
        return;
    for (const Clone &clone : std::as_const(m_clones)) {
        const auto info = m_services.sessions->info(clone.session);
        if (!clone.exit && (!info || info->state != AgentState::Running))
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
    if (isCurrent(Step::StartAgent))
        return completeStartIfAllStarted();
    if (!isCurrent(Step::Run))
        return; // recorded; the run step picks it up
    if (!std::all_of(m_clones.cbegin(), m_clones.cend(), [](const Clone &c) { return c.exit.has_value(); }))
        return;
    m_exitCode = 0; // the first non-zero status, in clone order
    for (const Clone &c : std::as_const(m_clones)) {
        if (m_exitCode == 0)
            m_exitCode = shellExitCode(*c.exit);
    }
    completeStep(Step::Run, true, QStringLiteral("agent exited with %1").arg(m_exitCode));
    if (m_stepByStep) {
        m_state = State::Paused;
        emit paused(int(Step::Teardown));
        return;
    }
    teardown();
}

void LaunchPipeline::onFailed(AgentSessionId id, const Error &error)
{
    if (cloneFor(id))
        fail(error.toString());
}

void LaunchPipeline::teardown()
{
    if (m_state == State::TearingDown || m_state == State::Finished)
        return;
    m_state = State::TearingDown;
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
            m_services.sessions->stop(clone.session);
    }
    if (ticket().isEmpty()) {
        completeStep(Step::Teardown, true, QStringLiteral("nothing to tear down"));
        return finish({});
    }
    m_spawn->tearDown(
        m_profile.teardown == LaunchProfile::Teardown::Join, [this](const Result<QString> &done) {
            for (const Clone &clone : std::as_const(m_clones)) {
                if (m_hostKeyPolicy && !clone.target.address.isEmpty())
                    m_hostKeyPolicy->forgetAddress(pinScope(clone.target), clone.target.address);
            }
            completeStep(Step::Teardown, done.ok(), done ? *done : done.error().toString());
            finish(done ? QString() : done.error().toString());
        });
}

void LaunchPipeline::finish(const QString &teardownError)
{
    m_state = State::Finished;
    if (m_error.isEmpty())
        m_error = teardownError;
    if (m_outcome == Outcome::Pending)
        m_outcome = m_error.isEmpty() ? Outcome::Succeeded : Outcome::Failed;
    emit finished(m_outcome == Outcome::Succeeded, m_exitCode, m_error);
}

} // namespace clonedeck
