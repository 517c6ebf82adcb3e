#include "ClusterMirror.h"

#include "PlatformGateway.h"
#include "ProtocolPaths.h"
#include "XenstoreClient.h"

namespace clonedeck {

template<typename Key, typename Info>
struct ClusterMirror::Kind
{
    using KeyArg = std::conditional_t<std::is_same_v<Key, int>, int, const Key &>; // as the records take it
    QMap<Key, Info> ClusterMirror::*records;
    std::optional<Key> (*keyOf)(const QString &name);
    QString (*pathOf)(KeyArg key);
    Result<Info> (*parse)(KeyArg key, const Record &record);
    void (ClusterMirror::*added)(const Info &);
    void (ClusterMirror::*changed)(const Info &, const Info &);
    void (ClusterMirror::*removed)(const Info &);
};

namespace {
const QString kToken = QStringLiteral("clonedeck-mirror");

std::optional<QString> byName(const QString &name)
{
    return name;
}
} // namespace

const ClusterMirror::Kind<int, DomainInfo> ClusterMirror::kDomains{
    &ClusterMirror::m_domains,    protocol::parseDomid,        protocol::domainPath,
    DomainInfo::fromRecord,       &ClusterMirror::domainAdded, &ClusterMirror::domainChanged,
    &ClusterMirror::domainRemoved};

ClusterMirror::ClusterMirror(PlatformGateway *gateway, QObject *parent)
    : QObject(parent)
    , m_gateway(gateway)
{
    qRegisterMetaType<DomainInfo>();
    qRegisterMetaType<TicketInfo>();
    qRegisterMetaType<HostInfo>();
    qRegisterMetaType<DomainUsage>();
    connect(m_gateway->xenstore(), &XenstoreClient::nodesChanged, this, &ClusterMirror::applyChanges);
    connect(m_gateway->xenstore(), &XenstoreClient::resynced, this, &ClusterMirror::reload);
}

ClusterMirror::~ClusterMirror() = default;

void ClusterMirror::start()
{
    // The watch's registration event (and the one after every reconnect) triggers the load,
    // so nothing written between the load and the watch can be missed.
    m_gateway->xenstore()->watch(protocol::root(), kToken);
}

void ClusterMirror::reload()
{
    const quint64 generation = ++m_generation;
    struct Snapshot
    {
        QHash<QString, QByteArray> hosts, tickets, domains, usage;
        std::optional<QByteArray> platform;
    };
    auto snapshot = std::make_shared<Snapshot>();
    auto pending = std::make_shared<int>(5);
    auto finishOne = [this, generation, snapshot, pending] {
        if (--*pending > 0 || generation != m_generation)
            return;
        setPlatform(snapshot->platform);
        replaceAll(kHosts, snapshot->hosts);
        replaceAll(kTickets, snapshot->tickets);
        replaceAll(kDomains, snapshot->domains);
        replaceAll(kUsage, snapshot->usage);
        const bool first = !m_loaded;
        m_loaded = true;
        emit batchApplied();
        if (first)
            emit loaded();
    };
    // The five reads are pipelined on the one connection, and so are the reads of every child.
    XenstoreClient *xenstore = m_gateway->xenstore();
    auto children = [this, xenstore, finishOne](const QString &path, QHash<QString, QByteArray> *into) {
        xenstore->readChildren(path).then(
            this, [into, finishOne](const Result<QHash<QString, QByteArray>> &result) {
                if (result)
                    *into = *result;
                finishOne();
            });
    };
    children(protocol::hostsPath(), &snapshot->hosts);
    children(protocol::ticketsPath(), &snapshot->tickets);
    children(protocol::domainsPath(), &snapshot->domains);
    children(protocol::usagePath(), &snapshot->usage);
    xenstore->read(protocol::platformPath())
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
            set(kDomains, *domid, value);
        break;
    case protocol::PlatformNode::Kind::Usage:
        if (const auto domid = protocol::parseDomid(node.name))
            set(kUsage, *domid, value);
        break;
    case protocol::PlatformNode::Kind::Ticket:
        set(kTickets, node.name, value);
        break;
    case protocol::PlatformNode::Kind::Host:
        set(kHosts, node.name, value);
        break;
    case protocol::PlatformNode::Kind::Platform:
        setPlatform(value);
        break;
    default:
        // Removing a whole area (e.g. /clonedeck/domains) removes everything in it.
        if (!value && path == protocol::domainsPath())
            replaceAll(kDomains, {});
        else if (!value && path == protocol::ticketsPath())
            replaceAll(kTickets, {});
        else if (!value && path == protocol::hostsPath())
            replaceAll(kHosts, {});
        else if (!value && path == protocol::usagePath())
            replaceAll(kUsage, {});
        break;
    }
}

void ClusterMirror::setPlatform(const std::optional<QByteArray> &value)
{
    std::optional<PlatformInfo> info;
    if (value) {
        auto record = Record::parse(*value);
        auto parsed = record ? PlatformInfo::fromRecord(*record) : Result<PlatformInfo>(record.error());
        if (parsed)
            info = *parsed;
        else
            emit malformedRecord(protocol::platformPath(), parsed.error().message);
    }
    if (info != m_platform) {
        m_platform = info;
        emit platformChanged();
    }
}

const ClusterMirror::Kind<QString, TicketInfo> ClusterMirror::kTickets{
    &ClusterMirror::m_tickets,    byName,
    protocol::ticketPath,         TicketInfo::fromRecord,
    &ClusterMirror::ticketAdded,  &ClusterMirror::ticketChanged,
    &ClusterMirror::ticketRemoved};

const ClusterMirror::Kind<int, DomainUsage> ClusterMirror::kUsage{
    &ClusterMirror::m_usage,     protocol::parseDomid,       protocol::domainUsagePath,
    DomainUsage::fromRecord,     &ClusterMirror::usageAdded, &ClusterMirror::usageChanged,
    &ClusterMirror::usageRemoved};

template<typename Key, typename Info>
void ClusterMirror::set(const Kind<Key, Info> &kind, const Key &key, const std::optional<QByteArray> &value)
{
    std::optional<Info> next;
    if (value) {
        auto record = Record::parse(*value);
        auto parsed = record ? kind.parse(key, *record) : Result<Info>(record.error());
        if (!parsed) {
            emit malformedRecord(kind.pathOf(key), parsed.error().message);
            return; // keep what we had: a bad write does not erase a row
        }
        next = *parsed;
    }
    QMap<Key, Info> &records = this->*kind.records;
    const auto it = records.find(key);
    if (it == records.end()) {
        if (next) {
            records.insert(key, *next);
            emit(this->*kind.added)(*next);
        }
    } else if (!next) {
        const Info gone = *it;
        records.erase(it);
        emit(this->*kind.removed)(gone);
    } else if (!(*it == *next)) {
        const Info before = *it;
        *it = *next;
        emit(this->*kind.changed)(before, *next);
    }
}

template<typename Key, typename Info>
void ClusterMirror::replaceAll(const Kind<Key, Info> &kind, const QHash<QString, QByteArray> &children)
{
    QMap<Key, const QByteArray *> listed;
    for (auto it = children.begin(); it != children.end(); ++it) {
        if (const auto key = kind.keyOf(it.key()))
            listed.insert(*key, &it.value());
    }
    const QList<Key> known = (this->*kind.records).keys();
    for (const Key &key : known) {
        if (!listed.contains(key))
            set(kind, key, std::nullopt);
    }
    // In key order: domids grow with age, so a master comes before its clones and each clone
    // lands under it at once (a clone seen before its master is moved later, row by row), and
    // rows are appended rather than inserted in the middle of thousands.
    for (auto it = listed.begin(); it != listed.end(); ++it)
        set(kind, it.key(), *it.value());
}

const ClusterMirror::Kind<QString, HostInfo> ClusterMirror::kHosts{
    &ClusterMirror::m_hosts,    byName,
    protocol::hostPath,         HostInfo::fromRecord,
    &ClusterMirror::hostAdded,  &ClusterMirror::hostChanged,
    &ClusterMirror::hostRemoved};

} // namespace clonedeck
