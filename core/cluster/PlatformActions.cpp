#include "PlatformActions.h"

#include "Log.h"
#include "XenstoreConnection.h"

#include <QtConcurrent/QtConcurrentRun>

namespace clonedeck {

PlatformActions::PlatformActions(QString socketPath, QObject *parent)
    : QObject(parent)
    , m_socketPath(std::move(socketPath))
{
    m_pool.setMaxThreadCount(4);
}

PlatformActions::~PlatformActions()
{
    m_pool.waitForDone();
}

template<typename T, typename Call>
QFuture<Result<T>> PlatformActions::run(int domid, Call call)
{
    return QtConcurrent::run(&m_pool, [socket = m_socketPath, domid, call]() -> Result<T> {
        auto connection = XenstoreConnection::open(socket);
        if (!connection)
            return connection.error();
        PlatformClient client(**connection, domid);
        return call(client);
    });
}

QFuture<Result<TicketGrant>> PlatformActions::requestTicket(int masterDomid, int count, int vcpus,
                                                            qint64 memoryMb, qint64 timeoutMs)
{
    spdlog::info("operator: request ticket {} x {} vCPU / {} MB for domain {}", count, vcpus, memoryMb,
                 masterDomid);
    return run<TicketGrant>(
        masterDomid, [=](PlatformClient &c) { return c.requestTicket(count, vcpus, memoryMb, timeoutMs); });
}

QFuture<Result<QList<int>>> PlatformActions::clone(int masterDomid, const QString &ticket)
{
    spdlog::info("operator: clone domain {} on ticket {}", masterDomid, ticket);
    return run<QList<int>>(masterDomid, [=](PlatformClient &c) { return c.clone(ticket); });
}

QFuture<Result<QList<int>>> PlatformActions::spawn(int masterDomid, int count, int vcpus, qint64 memoryMb,
                                                   qint64 timeoutMs)
{
    spdlog::info("operator: spawn {} clone(s) of domain {}", count, masterDomid);
    return run<QList<int>>(masterDomid, [=](PlatformClient &c) -> Result<QList<int>> {
        auto grant = c.requestTicket(count, vcpus, memoryMb, timeoutMs);
        if (!grant)
            return grant.error();
        auto domids = c.clone(grant->ticket);
        if (!domids)
            c.release(grant->ticket); // do not leave a reservation behind
        return domids;
    });
}

QFuture<Result<int>> PlatformActions::killTicket(int actorDomid, const QString &ticket)
{
    spdlog::info("operator: kill ticket {}", ticket);
    return run<int>(actorDomid, [=](PlatformClient &c) { return c.killTicket(ticket); });
}

QFuture<Status> PlatformActions::killDomain(int actorDomid, int domid)
{
    spdlog::info("operator: kill domain {}", domid);
    return run<Done>(actorDomid, [=](PlatformClient &c) { return c.killDomain(domid); });
}

QFuture<Status> PlatformActions::join(int cloneDomid, bool report)
{
    spdlog::info("operator: join domain {}", cloneDomid);
    return run<Done>(cloneDomid, [=](PlatformClient &c) { return c.join(report); });
}

QFuture<Status> PlatformActions::release(int actorDomid, const QString &ticket)
{
    spdlog::info("operator: release ticket {}", ticket);
    return run<Done>(actorDomid, [=](PlatformClient &c) { return c.release(ticket); });
}

QFuture<Result<QString>> PlatformActions::clientKeyPath()
{
    return run<QString>(0, [](PlatformClient &c) { return c.clientKeyPath(); });
}

} // namespace clonedeck
