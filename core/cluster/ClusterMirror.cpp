#include "ClusterMirror.h"

#include "Log.h"
#include "PlatformGateway.h"
#include "ProtocolPaths.h"
#include "XenstoreClient.h"

#include <QElapsedTimer>
#include <QFutureWatcher>
#include <QTimer>

#include <malloc.h>

namespace clonedeck {

namespace {
// A full listing parses every record among the reads' buffers and slices, which are freed once it
// is applied; the holes they leave between the records kept stay in the process (~3 MB after
// 10,000 domains) unless handed back to the system. That takes ~3 ms at 10,000 domains, once per
// full listing.
void giveBackFreedMemory()
{
    QElapsedTimer timer;
    timer.start();
    ::malloc_trim(0);
    spdlog::debug("mirror: freed memory given back after a full listing in {} ms", timer.elapsed());
}
} // namespace

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

// Where a kind's records are listed (its removal removes them all).
bool isArea(const QString &path)
{
    return path == protocol::domainsPath() || path == protocol::ticketsPath() ||
           path == protocol::hostsPath() || path == protocol::usagePath();
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

struct ClusterMirror::Snapshot
{
    Staged<QString, HostInfo> hosts;
    Staged<QString, TicketInfo> tickets;
    Staged<int, DomainInfo> domains;
    Staged<int, DomainUsage> usage;
    std::optional<QByteArray> platform;
};

void ClusterMirror::reload()
{
    const quint64 generation = ++m_generation;
    m_reloading = true;
    m_changedDuringReload.clear();
    auto snapshot = std::make_shared<Snapshot>();
    auto pending = std::make_shared<int>(5);
    auto finishOne = [this, generation, snapshot, pending] {
        if (--*pending > 0 || generation != m_generation)
            return;
        m_reloading = false;
        setPlatform(snapshot->platform);
        replaceAll(kHosts, std::move(snapshot->hosts));
        replaceAll(kTickets, std::move(snapshot->tickets));
        replaceAll(kDomains, std::move(snapshot->domains));
        replaceAll(kUsage, std::move(snapshot->usage));
        m_changedDuringReload.clear();
        const bool first = !m_loaded;
        m_loaded = true;
        emit batchApplied();
        if (first)
            emit loaded();
        QTimer::singleShot(0, this, &giveBackFreedMemory);
    };
    // The five reads are pipelined on the one connection, and so are the reads of every child.
    load(kHosts, protocol::hostsPath(), &snapshot->hosts, generation, finishOne);
    load(kTickets, protocol::ticketsPath(), &snapshot->tickets, generation, finishOne);
    load(kDomains, protocol::domainsPath(), &snapshot->domains, generation, finishOne);
    load(kUsage, protocol::usagePath(), &snapshot->usage, generation, finishOne);
    m_gateway->xenstore()
        ->read(protocol::platformPath())
        .then(this, [snapshot, finishOne](const Result<QByteArray> &result) {
            if (result)
                snapshot->platform = *result;
            finishOne();
        });
}

template<typename Key, typename Info>
void ClusterMirror::load(const Kind<Key, Info> &kind, const QString &path, Staged<Key, Info> *staged,
                         quint64 generation, const std::function<void()> &finished)
{
    // Each slice is parsed as it arrives, on this thread, while xenstored answers the rest: a cold
    // load is xenstored-bound (its CPU per request grows with the number of domains it knows), so
    // parsing then costs no wall time, where parsing everything at the end added 150-400 ms at 10,000.
    using Watcher = QFutureWatcher<Result<ChildValues>>;
    auto *watcher = new Watcher(this);
    connect(watcher, &Watcher::resultsReadyAt, this,
            [this, &kind, watcher, staged, generation](int from, int to) {
                if (generation != m_generation)
                    return;
                for (int i = from; i < to; ++i) {
                    const Result<ChildValues> slice = watcher->resultAt(i);
                    if (!slice) {
                        *staged = {}; // a failed listing reads as an empty one, as it always did
                        continue;
                    }
                    for (const ChildValue &child : *slice) {
                        const auto key = kind.keyOf(child.name);
                        if (!key)
                            continue;
                        if (auto info = parse(kind, *key, child.value))
                            staged->parsed.insert(*key, std::move(*info));
                        else
                            staged->malformed.insert(*key);
                    }
                }
            });
    connect(watcher, &Watcher::finished, this, [watcher, finished] {
        watcher->deleteLater();
        finished();
    });
    watcher->setFuture(m_gateway->xenstore()->readChildrenInSlices(path));
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
        if (reloadNeeded)
            continue;
        applyNode(change.path, change.value);
        if (m_reloading) {
            m_changedDuringReload.insert(change.path);
            // A whole area removed while it was being listed: the listing may be stale, read again.
            reloadNeeded = !change.value && isArea(change.path);
        }
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
std::optional<Info> ClusterMirror::parse(const Kind<Key, Info> &kind, const Key &key, const QByteArray &value)
{
    auto record = Record::parse(value);
    auto parsed = record ? kind.parse(key, *record) : Result<Info>(record.error());
    if (!parsed) {
        emit malformedRecord(kind.pathOf(key), parsed.error().message);
        return std::nullopt;
    }
    if constexpr (std::is_same_v<Info, DomainInfo>) {
        DomainInfo &domain = parsed.value();
        domain.cluster = m_sharedStrings.shared(domain.cluster);
        domain.backend = m_sharedStrings.shared(domain.backend);
        domain.host = m_sharedStrings.shared(domain.host);
    }
    return std::move(parsed).value();
}

template<typename Key, typename Info>
void ClusterMirror::set(const Kind<Key, Info> &kind, const Key &key, const std::optional<QByteArray> &value)
{
    if (!value)
        return apply(kind, key, std::optional<Info>());
    if (auto next = parse(kind, key, *value))
        apply(kind, key, next);
    // else: keep what we had, a bad write does not erase a row
}

template<typename Key, typename Info>
void ClusterMirror::apply(const Kind<Key, Info> &kind, const Key &key, const std::optional<Info> &next)
{
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
void ClusterMirror::replaceAll(const Kind<Key, Info> &kind, Staged<Key, Info> listed)
{
    QMap<Key, Info> &records = this->*kind.records;
    if (records.isEmpty() && m_changedDuringReload.isEmpty()) {
        // The first load (or one after everything went): the listing becomes the records as it
        // is. Copying 10,000 domains into a second map left ~3 MB of holes in the console's heap.
        records = std::move(listed.parsed);
        for (const Info &info : std::as_const(records))
            emit(this->*kind.added)(info);
        return;
    }
    // A watch's value was read after the change it reports, so it is at least as new as the
    // listing's, which may have been read before that change.
    auto changedMeanwhile = [this, &kind](const Key &key) {
        return !m_changedDuringReload.isEmpty() && m_changedDuringReload.contains(kind.pathOf(key));
    };
    const QList<Key> known = records.keys();
    for (const Key &key : known) {
        if (!listed.lists(key) && !changedMeanwhile(key))
            apply(kind, key, std::optional<Info>());
    }
    // In key order: domids grow with age, so a master comes before its clones and each clone
    // lands under it at once (a clone seen before its master is moved later, row by row), and
    // rows are appended rather than inserted in the middle of thousands. A malformed record
    // keeps what was there.
    for (auto it = listed.parsed.begin(); it != listed.parsed.end(); ++it) {
        if (!changedMeanwhile(it.key()))
            apply(kind, it.key(), std::optional<Info>(std::move(it.value())));
    }
}

const ClusterMirror::Kind<QString, HostInfo> ClusterMirror::kHosts{
    &ClusterMirror::m_hosts,    byName,
    protocol::hostPath,         HostInfo::fromRecord,
    &ClusterMirror::hostAdded,  &ClusterMirror::hostChanged,
    &ClusterMirror::hostRemoved};

} // namespace clonedeck
