#pragma once

// Cluster membership as a tree: cluster -> master -> clones, fed incrementally
// by ClusterMirror's diffs (one dataChanged per changed row, inserts and
// removals of exactly the rows concerned; never a reset for a single change).
// SortRole gives raw values so proxies sort numbers as numbers.
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
        UsageFractionRole, // Cpu and MemoryUsed: how full the inline bar is (of its vCPUs, of its memory),
                           // 0..1
        ToneRole           // int(StateTone) of a domain's state
    };
    enum class Kind
    {
        Cluster,
        Master,
        Clone
    };

    explicit MembershipModel(QObject *parent = nullptr);

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    QModelIndex indexOfDomain(int domid, int column = Name) const;
    std::optional<DomainInfo> domain(const QModelIndex &index) const;

public slots:
    void addDomain(const clonedeck::DomainInfo &domain);
    void changeDomain(const clonedeck::DomainInfo &before, const clonedeck::DomainInfo &after);
    void removeDomain(const clonedeck::DomainInfo &domain);
    void setAgentState(int domid, const QString &state);
    // A domain's usage record arrived or changed; an idle domain's (no record) is removed.
    void setUsage(const clonedeck::DomainUsage &usage);
    void removeUsage(const clonedeck::DomainUsage &usage);
    // Once a second: only the uptime column changes, as one range per level.
    void refreshUptime();

private:
    // A node is a cluster (domid -1), a master or a clone. Children are kept sorted (clusters by
    // name, domains by domid).
    struct Node
    {
        QString cluster;
        int domid = -1;
        Node *parent = nullptr;
        QList<Node *> children;
    };
    static bool siblingLess(const Node *a, const Node *b); // the order of every level
    Node *clusterNode(const QString &cluster, bool create);
    Node *nodeOf(int domid) const { return m_byDomid.value(domid); }
    int rowOf(const Node *node) const;
    QModelIndex indexOf(const Node *node, int column) const;
    Kind kindOf(const Node *node) const;
    QVariant displayValue(const Node *node, int column) const;
    static QVariantList recordValues(const DomainInfo &domain);
    QVariant sortValue(const Node *node, int column) const;
    QVariant usageValue(int domid, int column, int role) const;
    void emitUsageChanged(int domid);
    Node *parentFor(const DomainInfo &domain);
    void insertNode(Node *parent, Node *node);

    Node m_root;
    QHash<int, Node *> m_byDomid;
    QHash<int, DomainInfo> m_domains;
    QHash<int, QString> m_agentStates;
    QHash<int, DomainUsage> m_usage;
    QSet<Node *> m_owned; // every node, for deletion
public:
    ~MembershipModel() override;
};

} // namespace clonedeck
