#include "PlatformPublisher.h"

#include "CommittedState.h"
#include "Log.h"
#include "ProtocolPaths.h"
#include "XenstoreConnection.h"

#include <QDateTime>

namespace clonedeck {

namespace {
QList<XenstorePermission> readableByAll()
{
    return {XenstorePermission{0, XenstorePermission::Read}};
}
QList<XenstorePermission> ownedBy(int domid)
{
    return {XenstorePermission{domid, XenstorePermission::None}};
}
} // namespace

PlatformPublisher::PlatformPublisher(const PlatformConfig &config, const CommittedState &committed,
                                     QString backendKind, QString accelerator, QObject *parent)
    : QObject(parent)
    , m_config(config)
    , m_committed(committed)
    , m_backendKind(std::move(backendKind))
    , m_accelerator(std::move(accelerator))
    , m_startedMs(QDateTime::currentMSecsSinceEpoch())
{}

Status PlatformPublisher::publishAll(XenstoreConnection *xenstore)
{
    m_xs = xenstore;
    m_pipeline.reset();
    m_hosts.clear();
    m_domains.clear();
    if (!m_xs)
        return Done{};
    if (auto opened = XenstorePipeline::open(m_xs->socketPath()); opened)
        m_pipeline = std::move(opened).value();
    else
        spdlog::warn("publishing without a pipeline, one request at a time: {}", opened.error().toString());
    // Start from a clean platform tree: what is published is exactly what is committed.
    m_xs->remove(protocol::root());
    if (auto made = m_xs->mkdir(protocol::root()); !made)
        return made;
    m_batch.setPermissions(protocol::root(), readableByAll());
    for (const QString &path : {protocol::hostsPath(), protocol::ticketsPath(), protocol::domainsPath()}) {
        m_batch.mkdir(path);
        m_batch.setPermissions(path, readableByAll());
    }
    const PlatformState &state = m_committed.state();
    publishHosts();
    // Tickets before domains here: a running clone's entry goes under its ticket's node, which
    // must not appear empty first.
    for (const TicketInfo &ticket : state.tickets())
        m_batch.write(protocol::ticketPath(ticket.id), ticket.toRecord().serialize());
    for (const DomainInfo &domain : state.domains())
        publishDomain(domain);
    publishPlatform(QStringLiteral("running"));
    flush();
    return Done{};
}

void PlatformPublisher::flush()
{
    if (m_batch.isEmpty())
        return;
    QList<Error> refused;
    if (m_pipeline) {
        constexpr int kSilenceMs = 10000; // xenstored answers each request within milliseconds
        auto sent = m_pipeline->run(m_batch, kSilenceMs);
        if (sent) {
            refused = std::move(sent).value();
        } else {
            spdlog::warn("the publishing pipeline broke ({}); publishing one request at a time",
                         sent.error().toString());
            m_pipeline.reset();
        }
    }
    if (!m_pipeline)
        refused = m_batch.runEach(*m_xs); // each request is idempotent: a partial batch may run again
    m_batch.clear();
    if (!refused.isEmpty())
        spdlog::warn("xenstored refused {} publishing request(s), the first: {}", refused.size(),
                     refused.first().toString());
}

void PlatformPublisher::publishPlatform(const QString &state)
{
    const PlatformInfo info{
        protocol::kVersion, m_config.name, state,
        m_startedMs,        m_backendKind, m_config.runDir + QStringLiteral("/client/id_ed25519")};
    m_batch.write(protocol::platformPath(), info.toRecord().serialize());
}

void PlatformPublisher::publishStopped()
{
    if (!m_xs)
        return;
    publishPlatform(QStringLiteral("stopped"));
    flush();
}

void PlatformPublisher::publishDecision(const Decision &decision)
{
    if (!m_xs)
        return; // publishAll() writes it all once there is a xenstored again
    publishHosts();
    const PlatformState &state = m_committed.state();
    for (auto it = decision.domains().begin(); it != decision.domains().end(); ++it) {
        if (it.value())
            publishDomain(*it.value());
        else
            unpublishDomain(it.key());
    }
    for (auto it = decision.tickets().begin(); it != decision.tickets().end(); ++it) {
        if (it->ticket)
            m_batch.write(protocol::ticketPath(it.key()),
                          state.tickets().value(it.key()).toRecord().serialize());
        else
            m_batch.remove(protocol::ticketPath(it.key()));
    }
    flush();
}

void PlatformPublisher::publishHosts()
{
    for (HostInfo host : m_committed.state().ledger().hosts()) {
        host.backend = m_backendKind;
        host.accelerator = m_accelerator;
        if (m_hosts.value(host.name) == host)
            continue;
        m_batch.write(protocol::hostPath(host.name), host.toRecord().serialize());
        m_hosts.insert(host.name, host);
    }
}

void PlatformPublisher::publishDomain(const DomainInfo &domain)
{
    const auto published = m_domains.constFind(domain.domid);
    const bool known = published != m_domains.constEnd();
    m_batch.write(protocol::domainPath(domain.domid), domain.toRecord().serialize());
    if (!known) {
        // The standard per-domain keys a Xen toolstack writes, owned by the domain so that on a
        // real xenstored it may write its requests there and nowhere else.
        // xenstored gives a node it creates its parent's permissions: name and domid are made while
        // the domain's directory is still dom0's, the protocol directory and its requests after it
        // became the domain's (one operation each instead of two; a 100-clone request publishes 100).
        const int domid = domain.domid;
        m_batch.write(protocol::domainNamePath(domid), domain.name.toUtf8());
        m_batch.write(protocol::domainIdPath(domid), QByteArray::number(domid));
        m_batch.setPermissions(protocol::localDomainPath(domid), ownedBy(domid));
        m_batch.mkdir(protocol::requestsPath(domid));
        m_batch.mkdir(protocol::repliesPath(domid));
        // Replies are the platform's word: owned by dom0, readable by the domain, written by no guest.
        m_batch.setPermissions(protocol::repliesPath(domid),
                               {XenstorePermission{0, XenstorePermission::None},
                                XenstorePermission{domid, XenstorePermission::Read}});
    }
    // A clone is listed on its ticket once it runs.
    const bool nowRunning = domain.state == DomainState::Running;
    if (!domain.ticket.isEmpty() && nowRunning && (!known || published->state != DomainState::Running))
        m_batch.write(protocol::ticketClonePath(domain.ticket, domain.vmid),
                      QByteArray::number(domain.domid));
    m_domains.insert(domain.domid, Published{domain.ticket, domain.vmid, domain.state});
}

void PlatformPublisher::unpublishDomain(int domid)
{
    const Published gone = m_domains.take(domid);
    m_batch.remove(protocol::domainPath(domid));
    m_batch.remove(protocol::localDomainPath(domid)); // its requests and replies with it
    if (!gone.ticket.isEmpty() && m_committed.state().tickets().contains(gone.ticket))
        m_batch.remove(protocol::ticketClonePath(gone.ticket, gone.vmid));
}

void PlatformPublisher::publishJoinReport(const DomainInfo &domain, qint64 atMs)
{
    if (!m_xs)
        return;
    Record record;
    record.set(QStringLiteral("domid"), domain.domid);
    record.set(QStringLiteral("status"), QStringLiteral("joined"));
    record.set(QStringLiteral("at"), atMs);
    m_batch.write(protocol::ticketReportPath(domain.ticket, domain.vmid), record.serialize());
    flush();
}

} // namespace clonedeck
