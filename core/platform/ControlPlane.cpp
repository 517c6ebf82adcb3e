#include "ControlPlane.h"

#include "Log.h"
#include "ProtocolPaths.h"
#include "XenstoreConnection.h"

#include <QDateTime>
#include <QSocketNotifier>

namespace clonedeck {

namespace {
const QString kRequestsToken = QStringLiteral("clonedeck-requests");
constexpr int kMaxRepliesPerDomain = 64;

QList<XenstorePermission> readableByAll()
{
    return {XenstorePermission{0, XenstorePermission::Read}};
}
} // namespace

ControlPlane::ControlPlane(PlatformConfig config, std::unique_ptr<XenstoreConnection> xenstore,
                           VmBackend *backend, QObject *parent)
    : QObject(parent)
    , m_config(std::move(config))
    , m_xs(std::move(xenstore))
    , m_backend(backend)
    , m_journal(m_config.runDir + QStringLiteral("/journal"))
    , m_ledger(m_config.hosts)
    , m_addresses(m_config.addressBase)
{
    m_deadlineTimer.setSingleShot(true);
    connect(&m_deadlineTimer, &QTimer::timeout, this, [this] {
        expireTickets();
        grantPending();
        scheduleTimers();
    });
    m_replySweep.setInterval(30000);
    connect(&m_replySweep, &QTimer::timeout, this, &ControlPlane::sweepReplies);
}

ControlPlane::~ControlPlane()
{
    stop();
}

qint64 ControlPlane::now() const
{
    return QDateTime::currentMSecsSinceEpoch();
}

Status ControlPlane::start()
{
    m_startedMs = now();
    if (auto replayed = replayJournal(); !replayed)
        return replayed;
    if (auto reconciled = reconcile(); !reconciled)
        return reconciled;
    if (auto masters = startMasters(); !masters)
        return masters;
    return serve();
}

Status ControlPlane::serve()
{
    if (auto published = publishAll(); !published)
        return published;
    // One watch over every domain's subtree: request nodes are picked out by path shape,
    // everything else a domain writes under its own path is ignored cheaply.
    if (auto watched = m_xs->watch(QStringLiteral("/local/domain"), kRequestsToken); !watched)
        return watched;
    m_watchNotifier = new QSocketNotifier(m_xs->watchFd(), QSocketNotifier::Read, this);
    connect(m_watchNotifier, &QSocketNotifier::activated, this, &ControlPlane::onWatchActivity);
    m_serving = true;
    m_replySweep.start();
    scheduleTimers();
    spdlog::info("control plane serving: {} host(s), {} domain(s), {} ticket(s)", m_config.hosts.size(),
                 m_domains.size(), m_tickets.size());
    return Done{};
}

Status ControlPlane::reattach(std::unique_ptr<XenstoreConnection> xenstore)
{
    // xenstored was restarted: its tree is empty. What the journal holds is published again,
    // and requests are watched on the new connection.
    delete m_watchNotifier;
    m_watchNotifier = nullptr;
    m_serving = false;
    m_replyTimes.clear();
    m_xs = std::move(xenstore);
    for (auto it = m_pending.begin(); it != m_pending.end(); ++it) {
        // Waiters lost their reply watch with the old daemon; they time out on their side.
        it->requestId.clear();
    }
    return serve();
}

void ControlPlane::stop()
{
    if (!m_serving)
        return;
    m_serving = false;
    m_replySweep.stop();
    m_deadlineTimer.stop();
    delete m_watchNotifier;
    m_watchNotifier = nullptr;
    m_xs->unwatch(QStringLiteral("/local/domain"), kRequestsToken);
    PlatformInfo info{protocol::kVersion, m_config.name,     QStringLiteral("stopped"),
                      m_startedMs,        m_backend->kind(), {}};
    m_xs->write(protocol::platformPath(), info.toRecord().serialize());
}

Status ControlPlane::replayJournal()
{
    auto contents = m_journal.open();
    if (!contents)
        return contents.error();
    const Record meta = contents->value(QStringLiteral("meta")).value(QStringLiteral("counters"));
    m_nextDomid = int(meta.optionalInteger(QStringLiteral("next_domid")).value_or(1));
    m_nextTicket = meta.optionalInteger(QStringLiteral("next_ticket")).value_or(1);

    const auto tickets = contents->value(QStringLiteral("ticket"));
    for (auto it = tickets.begin(); it != tickets.end(); ++it) {
        auto ticket = TicketInfo::fromRecord(it.key(), it.value());
        if (!ticket) {
            spdlog::warn("journal: dropping unreadable ticket {}: {}", it.key(), ticket.error().toString());
            continue;
        }
        m_tickets.insert(ticket->id, *ticket);
        if (ticket->state == TicketState::Pending) {
            const auto domid = it.value().optionalInteger(QStringLiteral("req_domid"));
            m_pending.insert(ticket->id, PendingTicket{int(domid.value_or(ticket->owner)),
                                                       it.value().value(QStringLiteral("req_id")),
                                                       ticket->createdMs + ticket->timeoutMs});
        } else if (ticket->state == TicketState::Granted) {
            m_ledger.addReservation(ticket->allocation, ticket->vcpus, ticket->memoryMb);
        }
    }
    const auto domains = contents->value(QStringLiteral("domain"));
    for (auto it = domains.begin(); it != domains.end(); ++it) {
        const auto domid = protocol::parseDomid(it.key());
        auto domain =
            domid ? DomainInfo::fromRecord(*domid, it.value()) : Result<DomainInfo>(Error{EINVAL, {}, {}});
        if (!domain) {
            spdlog::warn("journal: dropping unreadable domain {}", it.key());
            continue;
        }
        m_domains.insert(domain->domid, *domain);
        m_ledger.addUse(domain->host, domain->vcpus, domain->memoryMb);
        m_addresses.markUsed(domain->ip);
        m_nextDomid = std::max(m_nextDomid, domain->domid + 1);
    }
    return Done{};
}

Status ControlPlane::journal(const QList<JournalEntry> &entries)
{
    QList<JournalEntry> withCounters = entries;
    Record counters;
    counters.set(QStringLiteral("next_domid"), m_nextDomid);
    counters.set(QStringLiteral("next_ticket"), m_nextTicket);
    withCounters.append(Journal::put(QStringLiteral("meta"), QStringLiteral("counters"), counters));
    auto appended = m_journal.append(withCounters);
    if (!appended)
        spdlog::error("journal write failed: {}", appended.error().toString());
    return appended;
}

Status ControlPlane::publishAll()
{
    // Start from a clean platform tree: what is published is exactly what the journal holds.
    m_xs->remove(protocol::root());
    if (auto made = m_xs->mkdir(protocol::root()); !made)
        return made;
    m_xs->setPermissions(protocol::root(), readableByAll());
    for (const QString &path : {protocol::hostsPath(), protocol::ticketsPath(), protocol::domainsPath()}) {
        m_xs->mkdir(path);
        m_xs->setPermissions(path, readableByAll());
    }
    publishHosts();
    for (const TicketInfo &ticket : std::as_const(m_tickets))
        publishTicket(ticket);
    for (const DomainInfo &domain : std::as_const(m_domains))
        publishDomain(domain);
    PlatformInfo info{protocol::kVersion,        m_config.name,
                      QStringLiteral("running"), m_startedMs,
                      m_backend->kind(),         m_config.runDir + QStringLiteral("/client/id_ed25519")};
    return m_xs->write(protocol::platformPath(), info.toRecord().serialize());
}

void ControlPlane::publishHosts()
{
    for (HostInfo host : m_ledger.hosts()) {
        host.backend = m_backend->kind();
        host.accelerator = m_backend->accelerator();
        m_xs->write(protocol::hostPath(host.name), host.toRecord().serialize());
    }
}

void ControlPlane::publishTicket(const TicketInfo &ticket)
{
    m_xs->write(protocol::ticketPath(ticket.id), ticket.toRecord().serialize());
}

void ControlPlane::publishDomain(const DomainInfo &domain)
{
    m_xs->write(protocol::domainPath(domain.domid), domain.toRecord().serialize());
    // The standard per-domain keys a Xen toolstack writes, owned by the domain so that on
    // a real xenstored it may write its requests there and nowhere else.
    const QString local = protocol::localDomainPath(domain.domid);
    m_xs->write(local + QStringLiteral("/name"), domain.name.toUtf8());
    m_xs->write(local + QStringLiteral("/domid"), QByteArray::number(domain.domid));
    m_xs->mkdir(protocol::requestsPath(domain.domid));
    m_xs->mkdir(protocol::repliesPath(domain.domid));
    m_xs->setPermissions(local, {XenstorePermission{domain.domid, XenstorePermission::None}});
    m_xs->setPermissions(local + QStringLiteral("/clonedeck"),
                         {XenstorePermission{domain.domid, XenstorePermission::None}});
    m_xs->setPermissions(protocol::requestsPath(domain.domid),
                         {XenstorePermission{domain.domid, XenstorePermission::None}});
    // Replies are the platform's word: owned by dom0, readable by the domain, written by no guest.
    m_xs->setPermissions(protocol::repliesPath(domain.domid),
                         {XenstorePermission{0, XenstorePermission::None},
                          XenstorePermission{domain.domid, XenstorePermission::Read}});
}

void ControlPlane::unpublishDomain(int domid)
{
    m_xs->remove(protocol::domainPath(domid));
    m_xs->remove(protocol::localDomainPath(domid)); // its requests and replies with it
}

void ControlPlane::unpublishTicket(const QString &ticket)
{
    m_xs->remove(protocol::ticketPath(ticket));
}

void ControlPlane::onWatchActivity()
{
    const QList<WatchEvent> events = m_xs->takeWatchEvents();
    QSet<QString> seen;
    for (const WatchEvent &event : events) {
        if (event.token != kRequestsToken || seen.contains(event.path))
            continue;
        seen.insert(event.path);
        if (event.path == QLatin1String("/local/domain")) {
            // The event every watch fires on registration: pick up requests written while we were away.
            scanRequests(0);
            for (int domid : m_domains.keys())
                scanRequests(domid);
            continue;
        }
        if (const auto location = protocol::parseRequestPath(event.path)) {
            handleRequestNode(location->domid, location->requestId);
        } else if (event.path.contains(QLatin1String("/clonedeck/requests/"))) {
            // Not a request we can answer (bad id, nested node): remove it so it cannot pile up.
            m_xs->remove(event.path);
        }
    }
}

void ControlPlane::scanRequests(int domid)
{
    const auto names = m_xs->directory(protocol::requestsPath(domid));
    if (!names)
        return;
    for (const QString &name : *names) {
        if (protocol::isValidRequestId(name))
            handleRequestNode(domid, name);
        else
            m_xs->remove(protocol::requestsPath(domid) + QLatin1Char('/') + name);
    }
}

void ControlPlane::handleRequestNode(int domid, const QString &requestId)
{
    const QString path = protocol::requestPath(domid, requestId);
    const auto value = m_xs->read(path);
    if (!value)
        return; // gone already: our own removal fires the watch too
    // Consume first: a request is acted on at most once, even if acting crashes us.
    m_xs->remove(path);
    if (domid != 0 && !m_domains.contains(domid)) {
        reply(domid, requestId,
              Reply::failure(Error{ENOENT, {}, QStringLiteral("no such domain %1").arg(domid)}));
        return;
    }
    const auto request = Request::parse(*value);
    if (!request) {
        spdlog::warn("domain {}: rejected request {}: {}", domid, requestId, request.error().message);
        reply(domid, requestId, Reply::failure(request.error()));
        return;
    }
    dispatch(domid, requestId, *request);
}

void ControlPlane::dispatch(int domid, const QString &requestId, const Request &request)
{
    spdlog::info("domain {}: request {} op={}", domid, requestId, toString(request.op));
    std::optional<Reply> answer;
    switch (request.op) {
    case Request::Op::RequestTicket:
        answer = requestTicket(domid, requestId, request);
        break;
    case Request::Op::Clone:
        answer = cloneOnTicket(domid, request.ticket);
        break;
    case Request::Op::Release:
        answer = releaseTicket(domid, request.ticket);
        break;
    case Request::Op::Join:
        answer = join(domid, request.report);
        break;
    case Request::Op::Kill:
        answer = kill(domid, request);
        break;
    }
    // A pending ticket request has no answer yet: it is replied to when granted or failed.
    if (answer && !(answer->ok && answer->fields.value(QStringLiteral("pending")) == QLatin1String("1")))
        reply(domid, requestId, *answer);
}

void ControlPlane::reply(int domid, const QString &requestId, const Reply &reply)
{
    if (requestId.isEmpty())
        return;
    const QString path = protocol::replyPath(domid, requestId);
    QByteArray value = reply.toRecord().serialize();
    if (value.size() > Record::kMaxBytes) {
        // Never leave a caller waiting for a reply that cannot be written: say why instead.
        spdlog::error("domain {}: reply to {} is {} bytes, over the {}-byte limit", domid, requestId,
                      value.size(), Record::kMaxBytes);
        value =
            Reply::failure(Error{E2BIG, path, QStringLiteral("the platform's reply was too large to write")})
                .toRecord()
                .serialize();
    }
    if (auto written = m_xs->write(path, value); !written) {
        spdlog::error("domain {}: cannot write the reply to {}: {}", domid, requestId,
                      written.error().toString());
        return;
    }
    m_xs->setPermissions(path, {XenstorePermission{0, XenstorePermission::None},
                                XenstorePermission{domid, XenstorePermission::Read}});
    m_replyTimes.insert(path, now());
    // Bound what one domain can make us keep: the oldest replies go first.
    const auto names = m_xs->directory(protocol::repliesPath(domid));
    if (names && names->size() > kMaxRepliesPerDomain) {
        QList<QPair<qint64, QString>> byAge;
        for (const QString &name : *names) {
            const QString replyPath = protocol::replyPath(domid, name);
            byAge.append({m_replyTimes.value(replyPath, 0), replyPath});
        }
        std::sort(byAge.begin(), byAge.end());
        for (qsizetype i = 0; i < byAge.size() - kMaxRepliesPerDomain; ++i) {
            m_xs->remove(byAge[i].second);
            m_replyTimes.remove(byAge[i].second);
        }
    }
}

void ControlPlane::sweepReplies()
{
    const qint64 cutoff = now() - m_config.replyTtlMs;
    for (auto it = m_replyTimes.begin(); it != m_replyTimes.end();) {
        if (it.value() < cutoff) {
            m_xs->remove(it.key());
            it = m_replyTimes.erase(it);
        } else {
            ++it;
        }
    }
}

} // namespace clonedeck
