#pragma once

// Cluster membership as a tree: host -> cluster -> master -> clones, fed incrementally
// by each platform's ClusterMirror diffs (one dataChanged per changed row, inserts and
// removals of exactly the rows concerned; never a reset for a single change).
// SortRole gives raw values so proxies sort numbers as numbers. Domids are a platform's
// own, so a domain is known by (host, domid); the calls that name no host mean the
// default host, and the host "" has no row of its own (its clusters are at the top).
#include "PlatformRecords.h"
#include "UsageRecord.h"

#include <QAbstractItemModel>
#include <QHash>
#include <QList>
#include <QSet>

namespace clonedeck {

class MembershipModel : public QAbstractItemModel
{
    Q_OBJECT
public:
    enum Column
    {
        Name,
        Domid,
        Vmid,
        Role,
        Backend, // what runs the VM: "sandbox", "qemu" (as clonectl and the config name it), explained in a
                 // tooltip
        State,
        Ip,
        SshPort,
        Vcpus,
        Memory,
        Ticket,
        Uptime,
        Agent,
        Cpu,        // % of one core, from the platform's usage records
        MemoryUsed, // resident memory
        ColumnCount
    };
    enum Roles
    {
        SortRole = Qt::UserRole,
        DomidRole,
        KindRole,
        HostRole,          // the row's host (connection name)
        UsageFractionRole, // Cpu and MemoryUsed: how full the inline bar is (of its vCPUs, of its memory),
                           // 0..1
        ToneRole           // int(StateTone) of a domain's state
    };
    enum class Kind
    {
        Cluster,
        Master,
        Clone,
        Host
    };

    explicit MembershipModel(QObject *parent = nullptr);

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    QModelIndex indexOfDomain(int domid, int column = Name) const; // on the default host
    QModelIndex indexOfDomainOn(const QString &host, int domid, int column = Name) const;
    QModelIndex indexOfHost(const QString &host, int column = Name) const;
    std::optional<DomainInfo> domain(const QModelIndex &index) const;
    QString hostOf(const QModelIndex &index) const;

    // The host of the calls that name none (set before the first row).
    void setDefaultHost(const QString &host) { m_defaultHost = host; }
    QString defaultHost() const { return m_defaultHost; }
    // A host's row (made if needed) shows where its connection stands in the State column.
    void setHostState(const QString &host, const QString &state);
    // The host's row and everything under it go (its connection was removed).
    void removeHost(const QString &host);

    void addDomainOn(const QString &host, const clonedeck::DomainInfo &domain);
    void changeDomainOn(const QString &host, const clonedeck::DomainInfo &before,
                        const clonedeck::DomainInfo &after);
    void removeDomainOn(const QString &host, const clonedeck::DomainInfo &domain);
    // A domain's usage record arrived or changed; an idle domain's (no record) is removed.
    void setUsageOn(const QString &host, const clonedeck::DomainUsage &usage);
    void changeUsageOn(const QString &host, const clonedeck::DomainUsage &before,
                       const clonedeck::DomainUsage &after);
    void removeUsageOn(const QString &host, const clonedeck::DomainUsage &usage);

public slots:
    void addDomain(const clonedeck::DomainInfo &domain);
    void changeDomain(const clonedeck::DomainInfo &before, const clonedeck::DomainInfo &after);
    void removeDomain(const clonedeck::DomainInfo &domain);
    void setAgentState(int domid, const QString &state);
    void setAgentStateOn(int domid, const QString &state, const QString &host);
    // The uptimes of rows first..last under parent moved (the view asks for the rows it shows,
    // once a second): one dataChanged of the uptime column.
    void refreshUptime(const QModelIndex &parent, int first, int last);

private:
    // A node is a host (isHost), a cluster (domid -1), a master or a clone. Children are kept
    // sorted (hosts before clusters, each by name; domains by domid).
    struct Node
    {
        QString host;
        QString cluster;
        int domid = -1;
        Node *parent = nullptr;
        QList<Node *> children;
        bool isHost = false;
    };
    using DomainKey = std::pair<QString, int>;             // (host, domid)
    static bool siblingLess(const Node *a, const Node *b); // the order of every level
    Node *hostNode(const QString &host, bool create);
    Node *clusterNode(const QString &host, const QString &cluster, bool create);
    Node *nodeOf(const QString &host, int domid) const { return m_byDomid.value({host, domid}); }
    void takeOut(Node *node);    // its row (and everything under it) goes
    void deleteNode(Node *node); // forgets a node out of the tree, and everything under it
    int rowOf(const Node *node) const;
    QModelIndex indexOf(const Node *node, int column) const;
    Kind kindOf(const Node *node) const;
    QVariant displayValue(const Node *node, int column) const;
    QVariant sortValue(const Node *node, int column) const;
    QVariant usageValue(const Node *node, int column, int role) const;
    void emitUsageChanged(const QString &host, int domid);
    Node *parentFor(const QString &host, const DomainInfo &domain);
    void insertNode(Node *parent, Node *node);
    // The record of a domain's node (it has one: both are made and forgotten together).
    const DomainInfo &record(const Node *node) const
    {
        return *m_domains.constFind({node->host, node->domid});
    }

    Node m_root;
    QString m_defaultHost;
    QHash<DomainKey, Node *> m_byDomid;
    QHash<DomainKey, DomainInfo> m_domains;
    QHash<DomainKey, QString> m_agentStates;
    QHash<DomainKey, DomainUsage> m_usage;
    QHash<QString, QString> m_hostStates;
    QSet<Node *> m_owned; // every node, for deletion
public:
    ~MembershipModel() override;
};

} // namespace clonedeck
