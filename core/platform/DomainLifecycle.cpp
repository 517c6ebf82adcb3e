#include "DomainLifecycle.h"

#include "BridgeEndpoints.h"
#include "IdRanges.h"
#include "Log.h"
#include "PendingWork.h"
#include "PlatformPublisher.h"
#include "ReplyWriter.h"
#include "VmSpecs.h"

#include <QDateTime>
#include <QTimer>

namespace clonedeck {

namespace {

constexpr int kJoinGraceMs = 500; // the joining process runs inside the domain: let it read its reply

Error denied(const QString &why)
{
    return Error{EACCES, {}, why};
}

Error stillStarting(const QString &what)
{
    return Error{EAGAIN, what,
                 QStringLiteral("still starting; try again once its clone request has answered")};
}

Record cloneFields(const QString &ticket, const QList<int> &domids, const QList<int> &vmids)
{
    Record fields;
    fields.set(QStringLiteral("ticket"), ticket);
    fields.set(QStringLiteral("count"), QString::number(domids.size()));
    fields.set(QStringLiteral("domids"), protocol::formatIdRanges(domids));
    fields.set(QStringLiteral("vmids"), protocol::formatIdRanges(vmids));
    // Ranges keep a thousand fresh clones short; if the ids are too scattered to fit one
    // record, the reply says how many and the caller reads them from the ticket's details.
    if (fields.serialize().size() > Record::kMaxBytes) {
        fields.remove(QStringLiteral("domids"));
        fields.remove(QStringLiteral("vmids"));
    }
    return fields;
}

} // namespace

DomainLifecycle::DomainLifecycle(CommittedState &committed, VmBackend &backend, BridgeEndpoints &bridge,
                                 ReplyWriter &replies, PlatformPublisher &publisher, QObject *parent)
    : QObject(parent)
    , m_committed(committed)
    , m_backend(backend)
    , m_bridge(bridge)
    , m_replies(replies)
    , m_publisher(publisher)
{}

RequestOutcome DomainLifecycle::clone(const RequestContext &context, const QString &ticketId)
{
    const PlatformState &state = m_committed.state();
    if (!state.tickets().contains(ticketId))
        return Reply::failure(Error{ENOENT, ticketId, QStringLiteral("no such ticket")});
    TicketInfo ticket = state.tickets().value(ticketId);
    if (ticket.owner != context.domid)
        return Reply::failure(
            denied(QStringLiteral("ticket %1 belongs to domain %2").arg(ticketId).arg(ticket.owner)));
    if (ticket.state == TicketState::Used)
        return Reply::failure(Error{EEXIST, ticketId, QStringLiteral("ticket already used for a clone")});
    if (ticket.state != TicketState::Granted)
        return Reply::failure(
            Error{EINVAL, ticketId, QStringLiteral("ticket is %1, not granted").arg(toString(ticket.state))});
    const DomainInfo master = state.domains().value(context.domid);
    if (m_busy.contains(master.domid)) {
        // One snapshot of a master at a time: this request waits for the one in flight.
        m_waitingClones[master.domid].append({context, ticketId});
        return RequestOutcome::later();
    }
    if (master.state != DomainState::Running)
        return Reply::failure(Error{EINVAL, ticketId,
                                    QStringLiteral("domain %1 is %2; only a running master is cloned")
                                        .arg(master.domid)
                                        .arg(toString(master.state))});

    // Plan every clone and commit the plan in one transaction before the backend touches anything.
    QStringList hosts;
    const auto allocation = CapacityLedger::parseAllocation(ticket.allocation);
    for (auto it = allocation.begin(); it != allocation.end(); ++it)
        hosts += QStringList(it.value(), it.key());
    AddressPool addresses = state.addresses();
    Decision plan;
    QList<DomainInfo> clones;
    for (int vmid = 1; vmid <= ticket.granted && vmid <= hosts.size(); ++vmid) {
        DomainInfo clone;
        clone.domid = state.counters().nextDomid + vmid - 1;
        clone.name = QStringLiteral("%1-clone-%2").arg(master.name).arg(clone.domid);
        clone.cluster = master.cluster;
        clone.role = DomainRole::Clone;
        clone.master = master.domid;
        clone.vmid = vmid;
        clone.ticket = ticket.id;
        clone.state = DomainState::Creating;
        clone.ip = addresses.allocate();
        clone.backend = m_backend.kind();
        clone.vcpus = ticket.vcpus;
        clone.memoryMb = ticket.memoryMb;
        clone.host = hosts[vmid - 1];
        clone.createdMs = context.atMs; // = when this request was acted on: PlatformState::madeBy
        if (clone.ip.isEmpty())
            return Reply::failure(Error{ENOSPC, ticketId, QStringLiteral("the address range is exhausted")});
        clones.append(clone);
        plan.putDomain(clone);
    }
    ticket.state = TicketState::Used;
    ticket.used = ticket.live = int(clones.size());
    ticket.expiresMs = 0;
    plan.putTicket(ticket);
    plan.actOn(context.domid, context.requestId, context.op, context.atMs);
    if (auto saved = m_committed.commit(std::move(plan)); !saved)
        return Reply::failure(saved.error());

    QList<int> domids;
    QList<VmSpec> specs;
    for (const DomainInfo &clone : std::as_const(clones)) {
        domids.append(clone.domid);
        specs.append(vmSpecFor(m_bridge, clone));
    }
    m_busy.unite(QSet<int>(domids.begin(), domids.end()));
    m_busy.insert(master.domid);
    whenDone(
        m_backend.startClones(vmSpecFor(m_bridge, master), specs), this, QList<CloneOutcome>{},
        [this, context, ticketId, domids, masterDomid = master.domid](const QList<CloneOutcome> &outcomes) {
            m_busy.remove(masterDomid);
            finishClones(context, ticketId, domids, outcomes);
            cloneNextWaiting(masterDomid);
        });
    return RequestOutcome::later();
}

void DomainLifecycle::cloneNextWaiting(int masterDomid)
{
    auto waiting = m_waitingClones.find(masterDomid);
    if (waiting == m_waitingClones.end())
        return;
    const auto [context, ticketId] = waiting->takeFirst();
    if (waiting->isEmpty())
        m_waitingClones.erase(waiting);
    const RequestOutcome outcome = clone(context, ticketId);
    if (!outcome.isLater())
        m_replies.write(context.domid, context.requestId, outcome.reply());
    if (!m_busy.contains(masterDomid)) // answered at once: the next one may go
        cloneNextWaiting(masterDomid);
}

void DomainLifecycle::finishClones(const RequestContext &context, const QString &ticketId,
                                   const QList<int> &domids, const QList<CloneOutcome> &outcomes)
{
    const PlatformState &state = m_committed.state();
    QHash<int, Result<VmEndpoint>> byDomid;
    for (const CloneOutcome &outcome : outcomes)
        byDomid.insert(outcome.domid, outcome.endpoint);
    TicketInfo ticket = state.tickets().value(ticketId);
    Decision started;
    QList<int> running;
    QList<int> vmids;
    QStringList failures;
    for (int domid : domids) {
        m_busy.remove(domid);
        const DomainInfo clone = state.domains().value(domid);
        const auto endpoint = byDomid.value(
            domid, Error{ECANCELED, {}, QStringLiteral("the VM backend gave no outcome for it")});
        if (endpoint) {
            started.putDomain(runningAt(clone, *endpoint));
            running.append(domid);
            vmids.append(clone.vmid);
            continue;
        }
        failures.append(QStringLiteral("vmid %1: %2").arg(clone.vmid).arg(endpoint.error().toString()));
        started.dropDomain(domid); // a failed clone left nothing behind
        ticket.live = std::max(0, ticket.live - 1);
    }
    if (ticket.live == 0)
        ticket.state = TicketState::Released;
    started.putTicket(ticket);
    if (auto saved = m_committed.commit(std::move(started)); !saved) {
        // They run, but the store still says Creating: the next start rolls them back.
        spdlog::error("ticket {}: clones started but not committed as running: {}", ticketId,
                      saved.error().toString());
        m_replies.write(context.domid, context.requestId, Reply::failure(saved.error()));
        return;
    }
    for (int domid : domids) {
        if (!running.contains(domid))
            m_bridge.close(domid);
    }
    if (!failures.isEmpty())
        spdlog::warn("ticket {}: {} clone(s) failed: {}", ticketId, failures.size(),
                     failures.join(QStringLiteral("; ")));
    if (running.isEmpty()) {
        m_replies.write(context.domid, context.requestId,
                        Reply::failure(Error{EIO, ticketId,
                                             QStringLiteral("no clone could be started: ") +
                                                 failures.join(QStringLiteral("; "))}));
        return;
    }
    spdlog::info("ticket {}: {} clone(s) of domain {} running", ticketId, running.size(), context.domid);
    // Each clone gets the same request's reply as itself, beside its own requests: a clone whose memory
    // is the master's (QEMU) holds the caller still waiting on the relative reply path, so `gc clone`
    // returns there too, now that the clone runs on its own address, naming only that clone. A sandbox
    // clone holds no such caller: a reply there would be a xenstore write per clone that nothing reads.
    if (m_backend.clonesResumeTheMastersMemory()) {
        for (qsizetype i = 0; i < running.size(); ++i)
            m_replies.write(running[i], context.requestId,
                            Reply::success(cloneFields(ticketId, {running[i]}, {vmids[i]})));
    }
    m_replies.write(context.domid, context.requestId, Reply::success(cloneFields(ticketId, running, vmids)));
}

RequestOutcome DomainLifecycle::join(const RequestContext &context, bool report)
{
    const auto it = m_committed.state().domains().constFind(context.domid);
    if (it == m_committed.state().domains().constEnd() || it->role != DomainRole::Clone)
        return Reply::failure(denied(QStringLiteral("only a clone can join")));
    if (it->state != DomainState::Running)
        return Reply::failure(Error{
            EINVAL,
            {},
            QStringLiteral("domain %1 is %2, not running").arg(context.domid).arg(toString(it->state))});
    DomainInfo domain = *it;
    domain.state = DomainState::Stopping;
    Decision decision;
    decision.putDomain(domain);
    decision.actOn(context.domid, context.requestId, context.op, context.atMs);
    if (auto saved = m_committed.commit(std::move(decision)); !saved)
        return Reply::failure(saved.error());
    if (report)
        m_publisher.publishJoinReport(domain, context.atMs);
    QTimer::singleShot(kJoinGraceMs, this, [this, domid = domain.domid] {
        destroy({domid}, std::nullopt, [](const Result<int> &) {});
    });
    return Reply::success();
}

RequestOutcome DomainLifecycle::killDomain(const RequestContext &context, int domid)
{
    const auto it = m_committed.state().domains().constFind(domid);
    if (it == m_committed.state().domains().constEnd())
        return Reply::failure(Error{ENOENT, {}, QStringLiteral("no such domain %1").arg(domid)});
    const DomainInfo target = *it;
    // A failed master is kept for the operator, and only the operator (dom0) ends it.
    const bool operatorEndsFailedMaster = context.domid == 0 && target.state == DomainState::Failed;
    if (target.role != DomainRole::Clone && !operatorEndsFailedMaster)
        return Reply::failure(
            denied(QStringLiteral("domain %1 is a master; masters are not killed").arg(domid)));
    if (context.domid != 0 && context.domid != target.master && context.domid != target.domid)
        return Reply::failure(
            denied(QStringLiteral("domain %1 is not a clone of domain %2").arg(domid).arg(context.domid)));
    if (target.state == DomainState::Creating)
        return Reply::failure(stillStarting(QString::number(domid)));
    if (m_busy.contains(domid))
        return Reply::failure(Error{EINVAL, {}, QStringLiteral("domain %1 is already ending").arg(domid)});
    destroy({domid}, context,
            [this, context](const Result<int> &killed) { replyLater(context, killed, {}); });
    return RequestOutcome::later();
}

RequestOutcome DomainLifecycle::killTicket(const RequestContext &context, const QString &ticketId)
{
    const TicketInfo ticket = m_committed.state().tickets().value(ticketId);
    if (ticket.id.isEmpty())
        return Reply::failure(Error{ENOENT, ticketId, QStringLiteral("no such ticket")});
    if (context.domid != 0 && ticket.owner != context.domid)
        return Reply::failure(
            denied(QStringLiteral("ticket %1 belongs to domain %2").arg(ticketId).arg(ticket.owner)));
    QList<int> clones;
    for (const DomainInfo &domain : m_committed.state().domains()) {
        if (domain.ticket != ticketId)
            continue;
        if (m_busy.contains(domain.domid) && domain.state == DomainState::Creating)
            return Reply::failure(stillStarting(ticketId));
        clones.append(domain.domid);
    }
    destroy(clones, context,
            [this, context, ticketId](const Result<int> &killed) { replyLater(context, killed, ticketId); });
    return RequestOutcome::later();
}

void DomainLifecycle::replyLater(const RequestContext &context, const Result<int> &killed,
                                 const QString &ticketId)
{
    if (!killed) {
        m_replies.write(context.domid, context.requestId, Reply::failure(killed.error()));
        return;
    }
    Record fields;
    if (!ticketId.isEmpty())
        fields.set(QStringLiteral("ticket"), ticketId);
    fields.set(QStringLiteral("killed"), *killed);
    m_replies.write(context.domid, context.requestId, Reply::success(fields));
}

void DomainLifecycle::destroy(const QList<int> &domids, const std::optional<RequestContext> &context,
                              Destroyed done)
{
    const PlatformState &state = m_committed.state();
    QList<int> targets;
    Decision stopping;
    for (int domid : domids) {
        const auto it = state.domains().constFind(domid);
        if (it == state.domains().constEnd() || m_busy.contains(domid))
            continue;
        targets.append(domid);
        if (it->state != DomainState::Stopping) {
            DomainInfo domain = *it;
            domain.state = DomainState::Stopping;
            stopping.putDomain(domain);
        }
    }
    if (targets.isEmpty()) {
        done(0);
        return;
    }
    if (context)
        stopping.actOn(context->domid, context->requestId, context->op, context->atMs);
    if (!stopping.isEmpty()) {
        if (auto saved = m_committed.commit(std::move(stopping)); !saved) {
            done(saved.error());
            return;
        }
    }
    m_busy.unite(QSet<int>(targets.begin(), targets.end()));
    whenDone(m_backend.destroy(targets), this, QList<DestroyOutcome>{},
             [this, targets, done](const QList<DestroyOutcome> &outcomes) {
                 finishDestroy(targets, outcomes, done);
             });
}

void DomainLifecycle::finishDestroy(const QList<int> &domids, const QList<DestroyOutcome> &outcomes,
                                    const Destroyed &done)
{
    const PlatformState &state = m_committed.state();
    QSet<int> destroyed;
    for (const DestroyOutcome &outcome : outcomes) {
        if (outcome.status)
            destroyed.insert(outcome.domid);
        else
            spdlog::error("domain {}: destroy failed, retried at next start: {}", outcome.domid,
                          outcome.status.error().toString());
    }
    Decision gone;
    QMap<QString, TicketInfo> tickets;
    QList<int> ids;
    for (int domid : domids) {
        m_busy.remove(domid);
        if (!destroyed.contains(domid))
            continue; // stays Stopping: the next start finishes it
        const DomainInfo domain = state.domains().value(domid);
        gone.dropDomain(domid);
        ids.append(domid);
        if (domain.ticket.isEmpty() || !state.tickets().contains(domain.ticket))
            continue;
        TicketInfo &ticket = tickets.contains(domain.ticket)
                                 ? tickets[domain.ticket]
                                 : (tickets[domain.ticket] = state.tickets().value(domain.ticket));
        ticket.live = std::max(0, ticket.live - 1);
        if (ticket.live == 0 && ticket.state == TicketState::Used)
            ticket.state = TicketState::Released;
    }
    for (const TicketInfo &ticket : std::as_const(tickets))
        gone.putTicket(ticket);
    if (ids.isEmpty()) {
        done(domids.isEmpty() ? Result<int>(0)
                              : Result<int>(Error{EIO, {}, QStringLiteral("no domain could be destroyed")}));
        return;
    }
    if (auto saved = m_committed.commit(std::move(gone)); !saved) {
        spdlog::error("{} destroyed domain(s) not committed; the next start finishes them: {}", ids.size(),
                      saved.error().toString());
        done(saved.error());
        return;
    }
    for (int domid : std::as_const(ids))
        m_bridge.close(domid);
    spdlog::info("{} domain(s) destroyed: {}", ids.size(), protocol::formatIdRanges(ids));
    done(int(ids.size()));
}

} // namespace clonedeck
