// Domains: masters, clones on a ticket, joins and kills, and the reconciliation
// that makes the backend match the journal after any crash.
#include "ControlPlane.h"

#include "IdRanges.h"

#include "Log.h"
#include "ProtocolPaths.h"
#include "XenstoreConnection.h"

namespace clonedeck {

Error ControlPlane::permissionDenied(const QString &what) const
{
    return Error{EACCES, {}, what};
}

Status ControlPlane::reconcile()
{
    QList<int> rollBack;
    for (DomainInfo &domain : m_domains) {
        if (domain.state != DomainState::Running) {
            rollBack.append(domain.domid); // half created or half destroyed: finish it off
            continue;
        }
        const auto port = m_backend->resume(domain);
        if (!port) {
            spdlog::error("domain {}: cannot resume ({}); destroying it", domain.domid,
                          port.error().toString());
            rollBack.append(domain.domid);
            continue;
        }
        domain.port = domain.sshPort = *port;
        domain.sshHost = domain.ip;
    }
    for (int domid : rollBack) {
        spdlog::warn("reconcile: domain {} was {} when the platform stopped; destroying it", domid,
                     toString(m_domains.value(domid).state));
        destroyDomain(domid);
    }
    // Disks the journal does not know are leaks of a crash between creating a disk and journaling it.
    for (int domid : m_backend->existingDomains()) {
        if (!m_domains.contains(domid)) {
            spdlog::warn("reconcile: removing leaked sandbox VM {}", domid);
            m_backend->destroy(domid);
        }
    }
    // Live counts follow from the domains that exist.
    for (TicketInfo ticket : std::as_const(m_tickets)) {
        if (ticket.state != TicketState::Used)
            continue;
        const int live = int(std::count_if(m_domains.begin(), m_domains.end(),
                                           [&](const DomainInfo &d) { return d.ticket == ticket.id; }));
        if (live != ticket.live) {
            ticket.live = live;
            setTicket(ticket);
        }
        finishTicketIfDone(ticket.id);
    }
    return Done{};
}

Status ControlPlane::startMasters()
{
    for (const ClusterSpec &cluster : std::as_const(m_config.clusters)) {
        const bool exists = std::any_of(m_domains.begin(), m_domains.end(), [&](const DomainInfo &d) {
            return d.role == DomainRole::Master && d.cluster == cluster.name;
        });
        if (exists)
            continue;
        DomainInfo master;
        master.domid = m_nextDomid++;
        master.name = cluster.name == QLatin1String("default") ? QStringLiteral("master")
                                                               : cluster.name + QStringLiteral("-master");
        master.cluster = cluster.name;
        master.role = DomainRole::Master;
        master.master = master.domid;
        master.vmid = 0;
        master.state = DomainState::Creating;
        master.vcpus = cluster.masterVcpus;
        master.memoryMb = cluster.masterMemoryMb;
        master.createdMs = now();
        master.host = m_ledger.placeDirect(master.vcpus, master.memoryMb);
        if (master.host.isEmpty())
            return Error{EBUSY, cluster.name,
                         QStringLiteral("no host has room for the master of cluster %1").arg(cluster.name)};
        master.ip = m_addresses.allocate();
        master.backend = m_backend->kind();
        if (auto saved = journal(
                {Journal::put(QStringLiteral("domain"), QString::number(master.domid), master.toRecord())});
            !saved)
            return saved;
        m_domains.insert(master.domid, master);
        const auto port = m_backend->startMaster(master);
        if (!port) {
            destroyDomain(master.domid);
            return port.error();
        }
        master.port = master.sshPort = *port;
        master.sshHost = master.ip;
        master.state = DomainState::Running;
        if (auto saved = journal(
                {Journal::put(QStringLiteral("domain"), QString::number(master.domid), master.toRecord())});
            !saved)
            return saved;
        m_domains.insert(master.domid, master);
        spdlog::info("cluster {}: master domain {} at {}:{}", cluster.name, master.domid, master.ip,
                     master.sshPort);
    }
    return Done{};
}

Reply ControlPlane::cloneOnTicket(int domid, const QString &ticketId)
{
    if (!m_tickets.contains(ticketId))
        return Reply::failure(Error{ENOENT, ticketId, QStringLiteral("no such ticket")});
    TicketInfo ticket = m_tickets.value(ticketId);
    if (ticket.owner != domid)
        return Reply::failure(permissionDenied(
            QStringLiteral("ticket %1 belongs to domain %2").arg(ticketId).arg(ticket.owner)));
    if (ticket.state == TicketState::Used)
        return Reply::failure(Error{EEXIST, ticketId, QStringLiteral("ticket already used for a clone")});
    if (ticket.state != TicketState::Granted)
        return Reply::failure(
            Error{EINVAL, ticketId, QStringLiteral("ticket is %1, not granted").arg(toString(ticket.state))});
    const DomainInfo master = m_domains.value(domid);

    // Plan every clone, then journal the plan in one write before touching anything.
    QList<DomainInfo> clones;
    QStringList hosts;
    const auto allocation = CapacityLedger::parseAllocation(ticket.allocation);
    for (auto it = allocation.begin(); it != allocation.end(); ++it) {
        for (int i = 0; i < it.value(); ++i)
            hosts.append(it.key());
    }
    QList<JournalEntry> plan;
    const int firstDomid = m_nextDomid;
    for (int vmid = 1; vmid <= ticket.granted && vmid <= hosts.size(); ++vmid) {
        DomainInfo clone;
        clone.domid = m_nextDomid++;
        clone.name = QStringLiteral("%1-clone-%2").arg(master.name).arg(clone.domid);
        clone.cluster = master.cluster;
        clone.role = DomainRole::Clone;
        clone.master = master.domid;
        clone.vmid = vmid;
        clone.ticket = ticket.id;
        clone.state = DomainState::Creating;
        clone.ip = m_addresses.allocate();
        clone.backend = m_backend->kind();
        clone.vcpus = ticket.vcpus;
        clone.memoryMb = ticket.memoryMb;
        clone.host = hosts[vmid - 1];
        clone.createdMs = now();
        clones.append(clone);
        plan.append(Journal::put(QStringLiteral("domain"), QString::number(clone.domid), clone.toRecord()));
    }
    ticket.state = TicketState::Used;
    ticket.used = int(clones.size());
    ticket.live = int(clones.size());
    ticket.expiresMs = 0;
    plan.append(Journal::put(QStringLiteral("ticket"), ticket.id, ticket.toRecord()));
    if (auto saved = journal(plan); !saved) {
        for (const DomainInfo &clone : std::as_const(clones))
            m_addresses.release(clone.ip);
        m_nextDomid = firstDomid;
        return Reply::failure(saved.error());
    }
    m_tickets.insert(ticket.id, ticket);
    for (const DomainInfo &clone : std::as_const(clones)) {
        m_domains.insert(clone.domid, clone);
        m_ledger.commitSlot(clone.host, clone.vcpus, clone.memoryMb);
    }

    QList<JournalEntry> started;
    QList<int> domids;
    QList<int> vmids;
    QStringList failures;
    for (DomainInfo clone : std::as_const(clones)) {
        const auto port = m_backend->startClone(master, clone);
        if (!port) {
            failures.append(QStringLiteral("vmid %1: %2").arg(clone.vmid).arg(port.error().toString()));
            destroyDomain(clone.domid);
            continue;
        }
        clone.port = clone.sshPort = *port;
        clone.sshHost = clone.ip;
        clone.state = DomainState::Running;
        m_domains.insert(clone.domid, clone);
        started.append(
            Journal::put(QStringLiteral("domain"), QString::number(clone.domid), clone.toRecord()));
        domids.append(clone.domid);
        vmids.append(clone.vmid);
    }
    if (!started.isEmpty() && !journal(started))
        spdlog::error("ticket {}: clones started but not journaled as running; a restart rolls them back",
                      ticket.id);
    for (int id : std::as_const(domids)) {
        const DomainInfo &clone = m_domains[id];
        publishDomain(clone);
        m_xs->write(protocol::ticketClonesPath(ticket.id) + QLatin1Char('/') + QString::number(clone.vmid),
                    QByteArray::number(id));
    }
    publishHosts();
    publishTicket(m_tickets.value(ticket.id));
    if (domids.isEmpty())
        return Reply::failure(
            Error{EIO, ticket.id,
                  QStringLiteral("no clone could be started: ") + failures.join(QStringLiteral("; "))});
    if (!failures.isEmpty())
        spdlog::warn("ticket {}: {} clone(s) failed: {}", ticket.id, failures.size(),
                     failures.join(QStringLiteral("; ")));
    spdlog::info("ticket {}: {} clone(s) of domain {} running", ticket.id, domids.size(), domid);
    Record fields;
    fields.set(QStringLiteral("ticket"), ticket.id);
    fields.set(QStringLiteral("count"), QString::number(domids.size()));
    fields.set(QStringLiteral("domids"), protocol::formatIdRanges(domids));
    fields.set(QStringLiteral("vmids"), protocol::formatIdRanges(vmids));
    // Ranges keep a thousand fresh clones short; if the ids are too scattered to fit one
    // record, the reply says how many and the caller reads them from the ticket's details.
    if (fields.serialize().size() > Record::kMaxBytes) {
        fields.remove(QStringLiteral("domids"));
        fields.remove(QStringLiteral("vmids"));
    }
    return Reply::success(fields);
}

Reply ControlPlane::join(int domid, bool report)
{
    const auto it = m_domains.find(domid);
    if (it == m_domains.end() || it->role != DomainRole::Clone)
        return Reply::failure(permissionDenied(QStringLiteral("only a clone can join")));
    if (it->state == DomainState::Stopping)
        return Reply::failure(Error{EINVAL, {}, QStringLiteral("domain %1 is already ending").arg(domid)});
    DomainInfo domain = *it;
    domain.state = DomainState::Stopping;
    if (auto saved =
            journal({Journal::put(QStringLiteral("domain"), QString::number(domid), domain.toRecord())});
        !saved)
        return Reply::failure(saved.error());
    m_domains.insert(domid, domain);
    publishDomain(domain);
    if (report) {
        Record record;
        record.set(QStringLiteral("domid"), domid);
        record.set(QStringLiteral("status"), QStringLiteral("joined"));
        record.set(QStringLiteral("at"), now());
        m_xs->write(protocol::ticketReportsPath(domain.ticket) + QLatin1Char('/') +
                        QString::number(domain.vmid),
                    record.serialize());
    }
    // The joining process runs inside the domain: give it a moment to read its reply before
    // the domain, and with it that process, ends.
    QTimer::singleShot(500, this, [this, domid] { destroyDomain(domid); });
    return Reply::success();
}

Reply ControlPlane::kill(int domid, const Request &request)
{
    Record fields;
    if (request.domid >= 0) {
        if (!m_domains.contains(request.domid))
            return Reply::failure(Error{ENOENT, {}, QStringLiteral("no such domain %1").arg(request.domid)});
        const DomainInfo target = m_domains.value(request.domid);
        if (target.role != DomainRole::Clone)
            return Reply::failure(permissionDenied(
                QStringLiteral("domain %1 is a master; masters are not killed").arg(target.domid)));
        if (domid != 0 && domid != target.master && domid != target.domid)
            return Reply::failure(permissionDenied(
                QStringLiteral("domain %1 is not a clone of domain %2").arg(target.domid).arg(domid)));
        if (auto destroyed = destroyDomain(target.domid); !destroyed)
            return Reply::failure(destroyed.error());
        fields.set(QStringLiteral("killed"), 1);
        return Reply::success(fields);
    }
    if (!m_tickets.contains(request.ticket))
        return Reply::failure(Error{ENOENT, request.ticket, QStringLiteral("no such ticket")});
    TicketInfo ticket = m_tickets.value(request.ticket);
    if (domid != 0 && ticket.owner != domid)
        return Reply::failure(permissionDenied(
            QStringLiteral("ticket %1 belongs to domain %2").arg(ticket.id).arg(ticket.owner)));
    if (ticket.state != TicketState::Used)
        return releaseTicket(domid, ticket.id);
    QList<int> clones;
    for (const DomainInfo &domain : std::as_const(m_domains)) {
        if (domain.ticket == ticket.id)
            clones.append(domain.domid);
    }
    const int killed = destroyDomains(clones);
    fields.set(QStringLiteral("ticket"), ticket.id);
    fields.set(QStringLiteral("killed"), killed);
    return Reply::success(fields);
}

Status ControlPlane::destroyDomain(int domid)
{
    if (!m_domains.contains(domid))
        return Done{};
    if (destroyDomains({domid}) == 1)
        return Done{};
    return Error{EIO, QString::number(domid),
                 QStringLiteral("domain %1 could not be destroyed; retried at next start").arg(domid)};
}

int ControlPlane::destroyDomains(const QList<int> &domids)
{
    // 1. Stopping, journaled before anything is torn down: a crash from here on finishes
    //    the job at the next start.
    QList<JournalEntry> stopping;
    QList<DomainInfo> targets;
    for (int domid : domids) {
        if (!m_domains.contains(domid))
            continue;
        DomainInfo domain = m_domains.value(domid);
        targets.append(domain);
        if (domain.state != DomainState::Stopping) {
            domain.state = DomainState::Stopping;
            stopping.append(
                Journal::put(QStringLiteral("domain"), QString::number(domid), domain.toRecord()));
        }
    }
    if (targets.isEmpty())
        return 0;
    if (!stopping.isEmpty()) {
        if (auto saved = journal(stopping); !saved) {
            spdlog::error("{} domain(s) not destroyed: {}", targets.size(), saved.error().toString());
            return 0;
        }
        for (DomainInfo &domain : targets) {
            domain.state = DomainState::Stopping;
            m_domains.insert(domain.domid, domain);
            if (m_serving)
                publishDomain(domain);
        }
    }

    // 2. The backend tears each down; one that fails stays Stopping for the next start.
    QList<DomainInfo> destroyed;
    for (const DomainInfo &domain : std::as_const(targets)) {
        if (auto done = m_backend->destroy(domain.domid); !done) {
            spdlog::error("domain {}: destroy failed, retried at next start: {}", domain.domid,
                          done.error().toString());
            continue;
        }
        destroyed.append(domain);
    }

    // 3. Gone, with their tickets' counts, in one journal write.
    QList<JournalEntry> entries;
    QMap<QString, TicketInfo> tickets;
    for (const DomainInfo &domain : std::as_const(destroyed)) {
        entries.append(Journal::drop(QStringLiteral("domain"), QString::number(domain.domid)));
        if (domain.ticket.isEmpty() || !m_tickets.contains(domain.ticket))
            continue;
        TicketInfo &ticket = tickets.contains(domain.ticket)
                                 ? tickets[domain.ticket]
                                 : (tickets[domain.ticket] = m_tickets.value(domain.ticket));
        ticket.live = std::max(0, ticket.live - 1);
        if (ticket.live == 0 && ticket.state == TicketState::Used)
            ticket.state = TicketState::Released;
    }
    for (const TicketInfo &ticket : std::as_const(tickets))
        entries.append(Journal::put(QStringLiteral("ticket"), ticket.id, ticket.toRecord()));
    if (entries.isEmpty())
        return 0;
    if (auto saved = journal(entries); !saved) {
        spdlog::error("{} destroyed domain(s) not journaled; the next start finishes them: {}",
                      destroyed.size(), saved.error().toString());
        return 0;
    }
    for (const DomainInfo &domain : std::as_const(destroyed)) {
        m_domains.remove(domain.domid);
        m_ledger.releaseUse(domain.host, domain.vcpus, domain.memoryMb);
        m_addresses.release(domain.ip);
    }
    for (const TicketInfo &ticket : std::as_const(tickets))
        m_tickets.insert(ticket.id, ticket);
    if (m_serving) {
        // Capacity, then the domains, then their tickets: a reader that sees a ticket
        // released sees its domains gone and their slots free.
        publishHosts();
        for (const DomainInfo &domain : std::as_const(destroyed)) {
            unpublishDomain(domain.domid);
            if (tickets.contains(domain.ticket))
                m_xs->remove(protocol::ticketClonesPath(domain.ticket) + QLatin1Char('/') +
                             QString::number(domain.vmid));
        }
        for (const TicketInfo &ticket : std::as_const(tickets))
            publishTicket(ticket);
        grantPending();
        scheduleTimers();
    }
    if (destroyed.size() == 1) {
        spdlog::info("domain {} ({}) destroyed", destroyed.first().domid, destroyed.first().name);
    } else {
        QList<int> ids;
        for (const DomainInfo &domain : std::as_const(destroyed))
            ids.append(domain.domid);
        spdlog::info("{} domains destroyed: {}", destroyed.size(), protocol::formatIdRanges(ids));
    }
    return int(destroyed.size());
}

void ControlPlane::finishTicketIfDone(const QString &ticketId)
{
    TicketInfo ticket = m_tickets.value(ticketId);
    if (ticket.state == TicketState::Used && ticket.live == 0) {
        ticket.state = TicketState::Released;
        setTicket(ticket);
    }
}

} // namespace clonedeck
