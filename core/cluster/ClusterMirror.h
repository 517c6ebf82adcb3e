#pragma once

// The live state of one platform as xenstore shows it: hosts, tickets and
// domains, loaded once and then kept current by a watch on /clonedeck (never
// polled). Emits fine-grained diffs so models change exactly the rows that
// changed; after a reconnect it reloads and diffs against what it had, so views
// get no duplicate and no stale rows. Malformed records are skipped and
// reported, never acted on.
#include "Error.h"
#include "PlatformRecords.h"
#include "StringPool.h"
#include "UsageRecord.h"

#include <QHash>
#include <QList>
#include <QMap>
#include <QObject>
#include <QSet>

#include <functional>
#include <optional>

namespace clonedeck {

class PlatformGateway;
struct NodeChange;
struct ChildValue;

class ClusterMirror : public QObject
{
    Q_OBJECT
public:
    explicit ClusterMirror(PlatformGateway *gateway, QObject *parent = nullptr);
    ~ClusterMirror() override;

    // Loads everything and starts watching. Emits loaded() when the first full picture is in.
    void start();
    bool isLoaded() const { return m_loaded; }

    const QMap<int, DomainInfo> &domains() const { return m_domains; }
    const QMap<QString, TicketInfo> &tickets() const { return m_tickets; }
    const QMap<QString, HostInfo> &hosts() const { return m_hosts; }
    // Per-domain resource usage of domains that run something (no entry: idle).
    const QMap<int, DomainUsage> &usage() const { return m_usage; }
    std::optional<PlatformInfo> platform() const { return m_platform; }

signals:
    void loaded();
    void domainAdded(const clonedeck::DomainInfo &domain);
    void domainChanged(const clonedeck::DomainInfo &before, const clonedeck::DomainInfo &after);
    void domainRemoved(const clonedeck::DomainInfo &domain);
    void ticketAdded(const clonedeck::TicketInfo &ticket);
    void ticketChanged(const clonedeck::TicketInfo &before, const clonedeck::TicketInfo &after);
    void ticketRemoved(const clonedeck::TicketInfo &ticket);
    void hostAdded(const clonedeck::HostInfo &host);
    void hostChanged(const clonedeck::HostInfo &before, const clonedeck::HostInfo &after);
    void hostRemoved(const clonedeck::HostInfo &host);
    void usageAdded(const clonedeck::DomainUsage &usage);
    void usageChanged(const clonedeck::DomainUsage &before, const clonedeck::DomainUsage &after);
    void usageRemoved(const clonedeck::DomainUsage &usage);
    void platformChanged();
    // A batch of changes is complete: views that redraw summaries (dashboard) do it once here.
    // Emitted once the changes already queued are applied, so a burst delivered in slices gives one.
    void batchApplied();
    // A record could not be parsed: where, and why. It is left out of the mirror.
    void malformedRecord(const QString &path, const QString &reason);

private:
    // One kind of record kept here (domains, tickets, hosts): where it is, how it parses, what it emits.
    template<typename Key, typename Info>
    struct Kind;
    static const Kind<int, DomainInfo> kDomains;
    static const Kind<QString, TicketInfo> kTickets;
    static const Kind<QString, HostInfo> kHosts;
    static const Kind<int, DomainUsage> kUsage;

    // A full listing of one kind as parsed so far. A malformed record (reported) is listed by key
    // only: what was there stays.
    template<typename Key, typename Info>
    struct Staged
    {
        QMap<Key, Info> parsed;
        QSet<Key> malformed;
        bool lists(const Key &key) const { return parsed.contains(key) || malformed.contains(key); }
    };
    struct Snapshot;

    void reload();
    // Reads one kind's records into staged, parsing each slice as it arrives; then `finished`.
    template<typename Key, typename Info>
    void load(const Kind<Key, Info> &kind, const QString &path, Staged<Key, Info> *staged, quint64 generation,
              const std::function<void()> &finished);
    void applyChanges(const QString &token, const QList<NodeChange> &changes);
    void applyNode(const QString &path, const std::optional<QByteArray> &value);
    void setPlatform(const std::optional<QByteArray> &value);
    template<typename Key, typename Info>
    std::optional<Info> parse(const Kind<Key, Info> &kind, const Key &key, const QByteArray &value);
    // One record written (value) or removed (nullopt); a malformed write keeps what was there.
    template<typename Key, typename Info>
    void set(const Kind<Key, Info> &kind, const Key &key, const std::optional<QByteArray> &value);
    // One record now is `next` (nullopt: gone): stored, and added/changed/removed emitted.
    template<typename Key, typename Info>
    void apply(const Kind<Key, Info> &kind, const Key &key, const std::optional<Info> &next);
    // A full listing of one kind: what it lacks is gone, the rest is set (and diffed). Records a
    // watch changed while the listing was read keep the watch's value, which is the newer one.
    template<typename Key, typename Info>
    void replaceAll(const Kind<Key, Info> &kind, Staged<Key, Info> listed);

    PlatformGateway *m_gateway;
    QMap<int, DomainInfo> m_domains;
    QMap<QString, TicketInfo> m_tickets;
    QMap<QString, HostInfo> m_hosts;
    QMap<int, DomainUsage> m_usage;
    std::optional<PlatformInfo> m_platform;
    StringPool m_sharedStrings; // the names every domain record repeats
    bool m_loaded = false;
    bool m_reloading = false;            // a full listing is being read
    QSet<QString> m_changedDuringReload; // paths a watch reported meanwhile
    bool m_batchPending = false;         // batchApplied is queued
    quint64 m_generation = 0;            // reloads in flight: results of an older one are dropped
};

} // namespace clonedeck

Q_DECLARE_METATYPE(clonedeck::DomainInfo)
Q_DECLARE_METATYPE(clonedeck::TicketInfo)
Q_DECLARE_METATYPE(clonedeck::HostInfo)
Q_DECLARE_METATYPE(clonedeck::DomainUsage)
