#include "PlatformClient.h"

#include "IdRanges.h"

#include "Log.h"
#include "ProtocolPaths.h"
#include "XenstoreConnection.h"

#include <QElapsedTimer>

namespace clonedeck {

namespace {
template<typename Info, typename Parse>
Result<QList<Info>> readAll(XenstoreConnection &xs, const QString &dir, Parse parse)
{
    const auto names = xs.directory(dir);
    if (!names) {
        if (names.error().code == ENOENT)
            return QList<Info>{};
        return names.error();
    }
    QList<Info> items;
    for (const QString &name : *names) {
        const auto value = xs.read(dir + QLatin1Char('/') + name);
        if (!value)
            continue; // gone between the listing and the read
        auto record = Record::parse(*value);
        if (!record)
            continue;
        auto item = parse(name, *record);
        if (item)
            items.append(*item);
        else
            spdlog::warn("ignoring malformed record {}/{}: {}", dir, name, item.error().message);
    }
    return items;
}
} // namespace

PlatformClient::PlatformClient(XenstoreConnection &xenstore, int domid)
    : m_xs(xenstore)
    , m_domid(domid)
{}

std::optional<PlatformClient> PlatformClient::forOwnDomain(XenstoreConnection &xenstore)
{
    PlatformClient client(xenstore, 0);
    client.m_ownDomain = true;
    if (!client.currentDomid())
        return std::nullopt;
    return client;
}

Result<int> PlatformClient::currentDomid()
{
    if (!m_ownDomain)
        return m_domid;
    const auto value = m_xs.read(protocol::ownDomainIdPath());
    if (!value)
        return value.error();
    const auto domid = protocol::parseDomid(QString::fromLatin1(*value));
    if (!domid)
        return Error{EPROTO, protocol::ownDomainIdPath(),
                     QStringLiteral("this domain's domid is unreadable")};
    m_domid = *domid;
    return m_domid;
}

Result<Reply> PlatformClient::call(const Request &request, QDeadlineTimer deadline)
{
    const QString id = replies::newRequestId(++m_sequence);
    const QString replyPath = m_ownDomain ? protocol::ownReplyPath(id) : protocol::replyPath(m_domid, id);
    const QString requestPath =
        m_ownDomain ? protocol::ownRequestPath(id) : protocol::requestPath(m_domid, id);
    const QString token = QStringLiteral("reply-") + id;
    // Watch first, then write: the reply cannot slip in between.
    if (auto watched = m_xs.watch(replyPath, token); !watched)
        return watched.error();
    QElapsedTimer elapsed;
    elapsed.start();
    auto finish = [&](Result<Reply> result) {
        m_xs.unwatch(replyPath, token);
        // In a guest's clone this process began its call in the master: the time the guest saw pass.
        spdlog::info("request {} ({}) {} after {} ms", id, toString(request.op),
                     result ? QStringLiteral("answered") : result.error().toString(), elapsed.elapsed());
        return result;
    };
    if (auto written = m_xs.write(requestPath, request.toRecord().serialize()); !written)
        return finish(written.error());
    while (true) {
        // Every event for our token means "look again"; the first one is the registration event.
        if (const auto value = m_xs.read(replyPath)) {
            auto reply = Reply::parse(*value);
            if (!reply)
                return finish(Error{EPROTO, replyPath, QStringLiteral("unreadable reply from the platform")});
            return finish(*reply);
        }
        const auto event = m_xs.waitWatchEvent(deadline);
        if (!event) {
            if (event.error().code == ETIMEDOUT)
                return finish(
                    Error{ETIMEDOUT, replyPath,
                          QStringLiteral("the platform did not answer in time (is clonedeckd running?)")});
            return finish(event.error());
        }
    }
}

Result<Reply> PlatformClient::callOk(const Request &request)
{
    return replies::expectOk(call(request, QDeadlineTimer(replies::replyDeadlineMs(request))));
}

Result<TicketGrant> PlatformClient::requestTicket(int count, int vcpus, qint64 memoryMb, qint64 timeoutMs)
{
    auto reply = callOk(Request::requestTicket(count, vcpus, memoryMb, timeoutMs));
    if (!reply)
        return reply.error();
    return replies::ticketGrantOf(*reply);
}

Result<QList<int>> PlatformClient::clone(const QString &ticket)
{
    auto reply = callOk(Request::clone(ticket));
    if (!reply)
        return reply.error();
    if (auto domids = replies::clonedDomidsOf(*reply, ticket))
        return *domids;
    // Too many scattered ids for one reply: the ticket's details list them.
    auto details = ticketDetails(ticket);
    if (!details)
        return details.error();
    QList<int> domids;
    for (const DomainInfo &clone : details->clones)
        domids.append(clone.domid);
    return domids;
}

Status PlatformClient::join(bool report)
{
    auto reply = callOk(Request::join(report));
    if (!reply)
        return reply.error();
    return Done{};
}

Result<int> PlatformClient::killTicket(const QString &ticket)
{
    auto reply = callOk(Request::killTicket(ticket));
    if (!reply)
        return reply.error();
    return replies::killedCountOf(*reply);
}

Status PlatformClient::killDomain(int domid)
{
    auto reply = callOk(Request::killDomain(domid));
    if (!reply)
        return reply.error();
    return Done{};
}

Status PlatformClient::release(const QString &ticket)
{
    auto reply = callOk(Request::release(ticket));
    if (!reply)
        return reply.error();
    return Done{};
}

Result<DomainInfo> PlatformClient::domain(int domid)
{
    return replies::domainOf(domid, m_xs.read(protocol::domainPath(domid)));
}

Result<bool> PlatformClient::isMaster()
{
    const auto domid = currentDomid();
    if (!domid)
        return domid.error();
    auto info = domain(*domid);
    if (!info)
        return info.error();
    return info->role == DomainRole::Master;
}

Result<PlatformInfo> PlatformClient::platform()
{
    return replies::platformOf(m_xs.read(protocol::platformPath()));
}

Result<TicketInfo> PlatformClient::ticket(const QString &id)
{
    if (!protocol::isValidTicketId(id))
        return Error{EINVAL, id, QStringLiteral("not a ticket id (tickets look like t7)")};
    return replies::ticketOf(id, m_xs.read(protocol::ticketPath(id)));
}

Result<TicketDetails> PlatformClient::ticketDetails(const QString &id)
{
    auto info = ticket(id);
    if (!info)
        return info.error();
    TicketDetails details{*info, {}};
    const auto vmids = m_xs.directory(protocol::ticketClonesPath(id));
    if (!vmids)
        return details; // no clones yet
    for (const QString &vmid : *vmids) {
        const auto domidText = m_xs.read(protocol::ticketClonesPath(id) + QLatin1Char('/') + vmid);
        const auto domid = domidText ? protocol::parseDomid(QString::fromLatin1(*domidText)) : std::nullopt;
        if (!domid)
            continue;
        if (auto clone = domain(*domid))
            details.clones.append(*clone);
    }
    std::sort(details.clones.begin(), details.clones.end(),
              [](const DomainInfo &a, const DomainInfo &b) { return a.vmid < b.vmid; });
    return details;
}

Result<QList<DomainInfo>> PlatformClient::domains()
{
    return readAll<DomainInfo>(m_xs, protocol::domainsPath(), [](const QString &name, const Record &record) {
        const auto domid = protocol::parseDomid(name);
        return domid ? DomainInfo::fromRecord(*domid, record)
                     : Result<DomainInfo>(Error{EINVAL, name, QStringLiteral("bad domid")});
    });
}

Result<QList<TicketInfo>> PlatformClient::tickets()
{
    return readAll<TicketInfo>(m_xs, protocol::ticketsPath(), [](const QString &name, const Record &record) {
        return TicketInfo::fromRecord(name, record);
    });
}

Result<QList<HostInfo>> PlatformClient::hosts()
{
    return readAll<HostInfo>(m_xs, protocol::hostsPath(), [](const QString &name, const Record &record) {
        return HostInfo::fromRecord(name, record);
    });
}

} // namespace clonedeck
