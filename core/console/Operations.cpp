#include "Operations.h"

#include "CloneSpawn.h"
#include "ClusterMirror.h"
#include "Log.h"
#include "PlatformConnection.h"
#include "PlatformConnections.h"
#include "PlatformGateway.h"

namespace clonedeck {

Operations::Operations(PlatformConnections *platforms, QObject *parent)
    : QObject(parent)
    , m_platforms(platforms)
{}

PlatformConnection *Operations::platform(const QString &host)
{
    PlatformConnection *connection = m_platforms->find(host);
    return connection != nullptr ? connection : refuse(tr("No connection named %1").arg(host));
}

PlatformConnection *Operations::refuse(const QString &why)
{
    report(why, true);
    return nullptr;
}

int Operations::defaultMaster(const QString &host) const
{
    const PlatformConnection *connection = m_platforms->find(host);
    if (connection == nullptr)
        return -1;
    for (const DomainInfo &domain : connection->mirror()->domains()) {
        if (domain.role == DomainRole::Master)
            return domain.domid;
    }
    return -1;
}

void Operations::report(const QString &text, bool error)
{
    if (error)
        spdlog::error("{}", text);
    else
        spdlog::info("{}", text);
    emit message(text, error);
}

int Operations::begin(const QString &label, qint64 expectedMs, CloneSpawn *spawn)
{
    Pending operation;
    operation.id = m_nextId++;
    operation.label = label;
    operation.expectedMs = expectedMs;
    operation.since.start();
    m_pending.append(operation);
    m_spawns.insert(operation.id, spawn);
    emit pendingChanged();
    return operation.id;
}

bool Operations::end(int id)
{
    if (CloneSpawn *spawn = m_spawns.take(id))
        spawn->deleteLater();
    m_cancelledText.remove(id);
    if (m_pending.removeIf([id](const Pending &p) { return p.id == id; }) == 0)
        return false;
    emit pendingChanged();
    return true;
}

void Operations::cancel(int id)
{
    CloneSpawn *spawn = m_spawns.value(id);
    if (spawn == nullptr)
        return;
    const QString text = m_cancelledText.value(id);
    end(id);
    spawn->cancel(); // its call hears ECANCELED (maybe at once), which ends nothing more: it ended here
    report(text, false);
}

int Operations::requestTicket(int master, const TicketRequest &request, const QString &host)
{
    PlatformConnection *connection =
        master < 0 ? refuse(tr("No master to request a ticket for: is the platform connected?"))
                   : platform(host);
    if (connection == nullptr)
        return 0;
    report(tr("Requesting %1 × %2 vCPU / %3 MB for domain %4…")
               .arg(request.count)
               .arg(request.vcpus)
               .arg(request.memoryMb)
               .arg(master),
           false);
    auto *spawn = new CloneSpawn(connection->gateway(), master, this);
    const int id =
        begin(tr("Requesting a ticket for %1 clone(s)").arg(request.count), request.timeoutMs, spawn);
    m_cancelledText.insert(id,
                           tr("Ticket request cancelled; a ticket granted after all is released at once."));
    spawn->requestTicket(
        request.count, request.vcpus, request.memoryMb, request.timeoutMs,
        [this, id, requested = request.count](const Result<TicketGrant> &grant) {
            if (!end(id))
                return; // cancelled: the gateway releases a late grant
            if (grant)
                report(
                    tr("Ticket %1: granted %2 of %3").arg(grant->ticket).arg(grant->granted).arg(requested),
                    false);
            else
                report(tr("Ticket request failed: %1").arg(grant.error().toString()), true);
        });
    return id;
}

int Operations::spawn(int master, const TicketRequest &request, const QString &host)
{
    PlatformConnection *connection =
        master < 0 ? refuse(tr("No master to clone: is the platform connected?")) : platform(host);
    if (connection == nullptr)
        return 0;
    spdlog::info("operator: spawn {} clone(s) of domain {} on {}", request.count, master, connection->name());
    auto *spawn = new CloneSpawn(connection->gateway(), master, this);
    const int id = begin(tr("Spawning %n clone(s)", nullptr, request.count), request.timeoutMs, spawn);
    m_cancelledText.insert(id, tr("Spawning cancelled; clones that arrive after all are destroyed at once."));
    spawn->spawn(request.count, request.vcpus, request.memoryMb, request.timeoutMs,
                 [this, id](const Result<QList<int>> &domids) {
                     if (!end(id))
                         return; // cancelled: the gateway destroys clones that still come
                     if (domids)
                         report(tr("Spawned %n clone(s)", nullptr, int(domids->size())), false);
                     else
                         report(tr("Spawning failed: %1").arg(domids.error().toString()), true);
                 });
    return id;
}

void Operations::destroy(const QList<int> &domids, const QString &host)
{
    PlatformConnection *connection = platform(host);
    if (connection == nullptr)
        return;
    for (int domid : domids) {
        connection->gateway()->killDomain(0, domid).result.then(this, [this, domid](const Status &status) {
            if (!status)
                report(tr("Destroying domain %1 failed: %2").arg(domid).arg(status.error().toString()), true);
        });
    }
    report(tr("Destroying %n clone(s)", nullptr, int(domids.size())), false);
}

void Operations::killTicket(const QString &ticket, const QString &host)
{
    PlatformConnection *connection = platform(host);
    if (connection == nullptr)
        return;
    connection->gateway()->killTicket(0, ticket).result.then(this, [this, ticket](const Result<int> &killed) {
        if (killed)
            report(tr("Ticket %1 ended, %2 clone(s) killed").arg(ticket).arg(*killed), false);
        else
            report(tr("Killing ticket %1 failed: %2").arg(ticket, killed.error().toString()), true);
    });
}

} // namespace clonedeck
