#include "ClusterMirror.h"

#include "Log.h"
#include "ProtocolPaths.h"
#include "XenstoreClient.h"

#include <QFutureWatcher>

namespace clonedeck {

namespace {
const QString kToken = QStringLiteral("clonedeck-mirror");

template<typename Info>
std::optional<Info> parseOr(const Result<Info> &result)
{
    return result ? std::optional<Info>(*result) : std::nullopt;
}
} // namespace

ClusterMirror::ClusterMirror(XenstoreClient *client, QObject *parent)
    : QObject(parent)
    , m_client(client)
{
    qRegisterMetaType<DomainInfo>();
    qRegisterMetaType<TicketInfo>();
    qRegisterMetaType<HostInfo>();
    connect(m_client, &XenstoreClient::nodesChanged, this, &ClusterMirror::applyChanges);
    connect(m_client, &XenstoreClient::resynced, this, &ClusterMirror::reload);
}

ClusterMirror::~ClusterMirror() = default;

void ClusterMirror::start()
{
    // The watch's registration event (and the one after every reconnect) triggers the load,
    // so nothing written between the load and the watch can be missed.
    m_client->watch(protocol::root(), kToken);
}

void ClusterMirror::reload()
{
    const quint64 generation = ++m_generation;
    struct Snapshot
    {
        QHash<QString, QByteArray> hosts, tickets, domains;
        std::optional<QByteArray> platform;
    };
    auto snapshot = std::make_shared<Snapshot>();
    auto pending = std::make_shared<int>(4);
    auto finishOne = [this, generation, snapshot, pending] {
        if (--*pending > 0 || generation != m_generation)
            return;
        applyNode(protocol::platformPath(), snapshot->platform);
        applyHosts(snapshot->hosts);
        applyTickets(snapshot->tickets);
        applyDomains(snapshot->domains);
        const bool first = !m_loaded;
        m_loaded = true;
        emit batchApplied();
        if (first)
            emit loaded();
    };
    auto children = [this, finishOne](const QString &path, QHash<QString, QByteArray> *into) {
        m_client->readChildren(path).then(
            this, [into, finishOne](const Result<QHash<QString, QByteArray>> &result) {
                if (result)
                    *into = *result;
                finishOne();
            });
    };
    children(protocol::hostsPath(), &snapshot->hosts);
    children(protocol::ticketsPath(), &snapshot->tickets);
    children(protocol::domainsPath(), &snapshot->domains);
    m_client->read(protocol::platformPath())
        .then(this, [snapshot, finishOne](const Result<QByteArray> &result) {
            if (result)
                snapshot->platform = *result;
            finishOne();
        });
}

void ClusterMirror::applyChanges(const QString &token, const QList<NodeChange> &changes)
{
    if (token != kToken)
        return;
    bool reloadNeeded = false;
    for (const NodeChange &change : changes) {
        if (change.path == protocol::root()) {
            reloadNeeded = true; // registration (or the whole tree replaced): load it all
            continue;
        }
        if (!reloadNeeded)
            applyNode(change.path, change.value);
    }
    if (reloadNeeded) {
        reload();
        return;
    }
    if (m_loaded && !m_batchPending) {
        // Once for everything already queued: a burst over thousands of nodes arrives in many
        // slices, and summaries (the dashboard walks every domain) need redrawing once, not per slice.
        m_batchPending = true;
        QMetaObject::invokeMethod(
            this,
            [this] {
                m_batchPending = false;
                emit batchApplied();
            },
            Qt::QueuedConnection);
    }
}

void ClusterMirror::applyNode(const QString &path, const std::optional<QByteArray> &value)
{
    const protocol::PlatformNode node = protocol::classify(path);
    switch (node.kind) {
    case protocol::PlatformNode::Kind::Domain:
        if (const auto domid = protocol::parseDomid(node.name))
            setDomain(*domid, value, path);
        break;
    case protocol::PlatformNode::Kind::Ticket:
        setTicket(node.name, value, path);
        break;
    case protocol::PlatformNode::Kind::Host:
        setHost(node.name, value, path);
        break;
    case protocol::PlatformNode::Kind::Platform: {
        std::optional<PlatformInfo> info;
        if (value) {
            if (auto record = Record::parse(*value))
                info = parseOr(PlatformInfo::fromRecord(*record));
        }
        if (info != m_platform) {
            m_platform = info;
            emit platformChanged();
        }
        break;
    }
    default:
        // Removing a whole area (e.g. /clonedeck/domains) removes everything in it.
        if (!value && path == protocol::domainsPath())
            applyDomains({});
        else if (!value && path == protocol::ticketsPath())
            applyTickets({});
        else if (!value && path == protocol::hostsPath())
            applyHosts({});
        break;
    }
}

void ClusterMirror::setDomain(int domid, const std::optional<QByteArray> &value, const QString &path)
{
    std::optional<DomainInfo> next;
    if (value) {
        auto record = Record::parse(*value);
        auto parsed = record ? DomainInfo::fromRecord(domid, *record) : Result<DomainInfo>(record.error());
        if (!parsed) {
            emit malformedRecord(path, parsed.error().message);
            return; // keep what we had: a bad write does not erase a row
        }
        next = *parsed;
    }
    const auto it = m_domains.find(domid);
    if (it == m_domains.end()) {
        if (next) {
            m_domains.insert(domid, *next);
            emit domainAdded(*next);
        }
    } else if (!next) {
        const DomainInfo gone = *it;
        m_domains.erase(it);
        emit domainRemoved(gone);
    } else if (!(*it == *next)) {
        const DomainInfo before = *it;
        *it = *next;
        emit domainChanged(before, *next);
    }
}

void ClusterMirror::setTicket(const QString &id, const std::optional<QByteArray> &value, const QString &path)
{
    std::optional<TicketInfo> next;
    if (value) {
        auto record = Record::parse(*value);
        auto parsed = record ? TicketInfo::fromRecord(id, *record) : Result<TicketInfo>(record.error());
        if (!parsed) {
            emit malformedRecord(path, parsed.error().message);
            return;
        }
        next = *parsed;
    }
    const auto it = m_tickets.find(id);
    if (it == m_tickets.end()) {
        if (next) {
            m_tickets.insert(id, *next);
            emit ticketAdded(*next);
        }
    } else if (!next) {
        const TicketInfo gone = *it;
        m_tickets.erase(it);
        emit ticketRemoved(gone);
    } else if (!(*it == *next)) {
        const TicketInfo before = *it;
        *it = *next;
        emit ticketChanged(before, *next);
    }
}

void ClusterMirror::setHost(const QString &name, const std::optional<QByteArray> &value, const QString &path)
{
    std::optional<HostInfo> next;
    if (value) {
        auto record = Record::parse(*value);
        auto parsed = record ? HostInfo::fromRecord(name, *record) : Result<HostInfo>(record.error());
        if (!parsed) {
            emit malformedRecord(path, parsed.error().message);
            return;
        }
        next = *parsed;
    }
    const auto it = m_hosts.find(name);
    if (it == m_hosts.end()) {
        if (next) {
            m_hosts.insert(name, *next);
            emit hostAdded(*next);
        }
    } else if (!next) {
        const HostInfo gone = *it;
        m_hosts.erase(it);
        emit hostRemoved(gone);
    } else if (!(*it == *next)) {
        const HostInfo before = *it;
        *it = *next;
        emit hostChanged(before, *next);
    }
}

void ClusterMirror::applyDomains(const QHash<QString, QByteArray> &children)
{
    // A full picture: what is missing from it is gone, everything else is set (and diffed).
    const QList<int> known = m_domains.keys();
    for (int domid : known) {
        if (!children.contains(QString::number(domid)))
            setDomain(domid, std::nullopt, protocol::domainPath(domid));
    }
    // In domid order: a master is older than its clones, so it comes first and each clone lands
    // under it at once (a clone seen before its master is moved later, row by row), and rows
    // are appended rather than inserted in the middle of thousands.
    QList<QPair<int, const QByteArray *>> ordered;
    ordered.reserve(children.size());
    for (auto it = children.begin(); it != children.end(); ++it) {
        if (const auto domid = protocol::parseDomid(it.key()))
            ordered.append({*domid, &it.value()});
    }
    std::sort(ordered.begin(), ordered.end(), [](const auto &a, const auto &b) { return a.first < b.first; });
    for (const auto &[domid, value] : std::as_const(ordered))
        setDomain(domid, *value, protocol::domainPath(domid));
}

void ClusterMirror::applyTickets(const QHash<QString, QByteArray> &children)
{
    const QList<QString> known = m_tickets.keys();
    for (const QString &id : known) {
        if (!children.contains(id))
            setTicket(id, std::nullopt, protocol::ticketPath(id));
    }
    for (auto it = children.begin(); it != children.end(); ++it)
        setTicket(it.key(), it.value(), protocol::ticketPath(it.key()));
}

void ClusterMirror::applyHosts(const QHash<QString, QByteArray> &children)
{
    const QList<QString> known = m_hosts.keys();
    for (const QString &name : known) {
        if (!children.contains(name))
            setHost(name, std::nullopt, protocol::hostPath(name));
    }
    for (auto it = children.begin(); it != children.end(); ++it)
        setHost(it.key(), it.value(), protocol::hostPath(it.key()));
}

} // namespace clonedeck
