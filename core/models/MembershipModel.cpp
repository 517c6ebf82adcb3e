#include "MembershipModel.h"

#include "MembershipCells.h"
#include "StateTone.h"
#include "TableModel.h"

#include <QDateTime>

namespace clonedeck {

MembershipModel::MembershipModel(QObject *parent)
    : QAbstractItemModel(parent)
{}

MembershipModel::~MembershipModel()
{
    qDeleteAll(m_owned);
}

bool MembershipModel::siblingLess(const Node *a, const Node *b)
{
    if (a->domid >= 0 || b->domid >= 0)
        return a->domid < b->domid;
    if (a->isHost != b->isHost)
        return a->isHost;
    return a->isHost ? a->host < b->host : a->cluster < b->cluster;
}

int MembershipModel::rowOf(const Node *node) const
{
    if (!node->parent)
        return 0;
    // Levels are kept sorted, so a binary search finds the row: a master has thousands of
    // clones, and every dataChanged needs the row of its node.
    const QList<Node *> &siblings = node->parent->children;
    const auto it = std::lower_bound(siblings.begin(), siblings.end(), node, siblingLess);
    return it != siblings.end() && *it == node ? int(it - siblings.begin())
                                               : int(siblings.indexOf(const_cast<Node *>(node)));
}

QModelIndex MembershipModel::indexOf(const Node *node, int column) const
{
    if (!node || node == &m_root)
        return {};
    return createIndex(rowOf(node), column, const_cast<Node *>(node));
}

MembershipModel::Kind MembershipModel::kindOf(const Node *node) const
{
    if (node->isHost)
        return Kind::Host;
    if (node->domid < 0)
        return Kind::Cluster;
    return record(node).role == DomainRole::Master ? Kind::Master : Kind::Clone;
}

QModelIndex MembershipModel::index(int row, int column, const QModelIndex &parent) const
{
    const Node *p = parent.isValid() ? static_cast<Node *>(parent.internalPointer()) : &m_root;
    if (row < 0 || row >= p->children.size() || column < 0 || column >= ColumnCount)
        return {};
    return createIndex(row, column, p->children[row]);
}

QModelIndex MembershipModel::parent(const QModelIndex &child) const
{
    if (!child.isValid())
        return {};
    const Node *node = static_cast<Node *>(child.internalPointer());
    return indexOf(node->parent, 0);
}

int MembershipModel::rowCount(const QModelIndex &parent) const
{
    if (parent.isValid() && parent.column() != 0)
        return 0;
    const Node *p = parent.isValid() ? static_cast<Node *>(parent.internalPointer()) : &m_root;
    return int(p->children.size());
}

int MembershipModel::columnCount(const QModelIndex &) const
{
    return ColumnCount;
}

QVariant MembershipModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    static const QList<const char *> titles{
        QT_TR_NOOP("Name"),    QT_TR_NOOP("Domid"),       QT_TR_NOOP("VM id"),      QT_TR_NOOP("Role"),
        QT_TR_NOOP("Backend"), QT_TR_NOOP("State"),       QT_TR_NOOP("IP"),         QT_TR_NOOP("SSH port"),
        QT_TR_NOOP("vCPUs"),   QT_TR_NOOP("Memory (MB)"), QT_TR_NOOP("Ticket"),     QT_TR_NOOP("Uptime"),
        QT_TR_NOOP("Agent"),   QT_TR_NOOP("CPU"),         QT_TR_NOOP("Memory used")};
    return TableModel::header("clonedeck::MembershipModel", titles, section, orientation, role);
}

QVariant MembershipModel::displayValue(const Node *node, int column) const
{
    if (node->isHost)
        return column == Name    ? QVariant(node->host)
               : column == State ? QVariant(m_hostStates.value(node->host))
                                 : QVariant();
    if (node->domid < 0)
        return column == Name ? QVariant(node->cluster) : QVariant();
    if (column == Uptime)
        return formatUptime(QDateTime::currentMSecsSinceEpoch() - record(node).createdMs);
    if (column == Agent)
        return m_agentStates.value({node->host, node->domid});
    if (column >= Cpu)
        return usageValue(node, column, Qt::DisplayRole);
    return membershipRecordValues(record(node)).value(column);
}

QVariant MembershipModel::sortValue(const Node *node, int column) const
{
    if (node->domid < 0)
        return node->isHost ? node->host : node->cluster;
    const DomainInfo &d = record(node);
    if (column == Domid) // the default order, and the one a storm of changes re-checks: cheap
        return d.domid;
    if (column == Uptime)
        return -d.createdMs; // older first = longer uptime
    if (column >= Cpu)
        return usageValue(node, column, SortRole);
    if (column != Ip)
        return displayValue(node, column);
    quint32 address = 0;
    for (const QString &part : d.ip.split(QLatin1Char('.')))
        address = address * 256 + part.toUInt();
    return address;
}

QVariant MembershipModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid())
        return {};
    const Node *node = static_cast<Node *>(index.internalPointer());
    if (role == Qt::DisplayRole)
        return displayValue(node, index.column());
    if (role == SortRole)
        return sortValue(node, index.column());
    if (role == DomidRole)
        return node->domid;
    if (role == KindRole)
        return int(kindOf(node));
    if (role == HostRole)
        return node->host;
    if (role == UsageFractionRole)
        return node->domid >= 0 && index.column() >= Cpu ? usageValue(node, index.column(), role)
                                                         : QVariant();
    if (role == ToneRole)
        return node->domid < 0 ? QVariant() : QVariant(int(toneOf(record(node).state)));
    if (role == Qt::ToolTipRole && index.column() == State && node->domid >= 0)
        return record(node).error; // why it Failed
    if (role == Qt::ToolTipRole && index.column() == Backend && node->domid >= 0)
        return backendTooltip(record(node).backend);
    const bool hostTip = role == Qt::ToolTipRole && node->domid >= 0 && index.column() == Name;
    return hostTip ? QVariant(record(node).host) : QVariant();
}

MembershipModel::Node *MembershipModel::hostNode(const QString &host, bool create)
{
    if (host.isEmpty())
        return &m_root;
    for (Node *node : std::as_const(m_root.children)) {
        if (node->isHost && node->host == host)
            return node;
    }
    if (!create)
        return nullptr;
    auto *node = new Node{host, {}, -1, &m_root, {}, true};
    m_owned.insert(node);
    insertNode(&m_root, node);
    return node;
}

MembershipModel::Node *MembershipModel::clusterNode(const QString &host, const QString &cluster, bool create)
{
    Node *parent = hostNode(host, create);
    if (parent == nullptr)
        return nullptr;
    for (Node *node : std::as_const(parent->children)) {
        if (!node->isHost && node->cluster == cluster)
            return node;
    }
    if (!create)
        return nullptr;
    auto *node = new Node{host, cluster, -1, parent, {}};
    m_owned.insert(node);
    insertNode(parent, node);
    return node;
}

void MembershipModel::insertNode(Node *parent, Node *node)
{
    // Clusters by name, domains by domid: a stable order without sorting the whole level.
    const auto position =
        std::lower_bound(parent->children.begin(), parent->children.end(), node, siblingLess);
    const int row = int(position - parent->children.begin());
    beginInsertRows(indexOf(parent, 0), row, row);
    node->parent = parent;
    parent->children.insert(row, node);
    endInsertRows();
}

MembershipModel::Node *MembershipModel::parentFor(const QString &host, const DomainInfo &domain)
{
    if (domain.role == DomainRole::Clone) {
        if (Node *master = nodeOf(host, domain.master))
            return master;
    }
    return clusterNode(host, domain.cluster, true); // a clone whose master is not known yet waits here
}

void MembershipModel::addDomain(const DomainInfo &domain)
{
    addDomainOn(m_defaultHost, domain);
}

void MembershipModel::changeDomain(const DomainInfo &before, const DomainInfo &after)
{
    changeDomainOn(m_defaultHost, before, after);
}

void MembershipModel::removeDomain(const DomainInfo &domain)
{
    removeDomainOn(m_defaultHost, domain);
}

void MembershipModel::addDomainOn(const QString &host, const DomainInfo &domain)
{
    const DomainKey key{host, domain.domid};
    if (m_byDomid.contains(key)) {
        changeDomainOn(host, m_domains.value(key), domain);
        return;
    }
    m_domains.insert(key, domain);
    auto *node = new Node{host, domain.cluster, domain.domid, nullptr, {}};
    m_owned.insert(node);
    m_byDomid.insert(key, node);
    insertNode(parentFor(host, domain), node);
    if (domain.role != DomainRole::Master)
        return;
    // Clones that arrived before their master move under it.
    Node *cluster = clusterNode(host, domain.cluster, false);
    for (qsizetype i = cluster ? cluster->children.size() - 1 : -1; i >= 0; --i) {
        Node *orphan = cluster->children[i];
        if (orphan->domid < 0 || record(orphan).master != domain.domid || orphan == node)
            continue;
        const auto position = std::lower_bound(node->children.begin(), node->children.end(), orphan,
                                               [](Node *a, Node *b) { return a->domid < b->domid; });
        const int destination = int(position - node->children.begin());
        beginMoveRows(indexOf(cluster, 0), int(i), int(i), indexOf(node, 0), destination);
        cluster->children.removeAt(i);
        orphan->parent = node;
        node->children.insert(destination, orphan);
        endMoveRows();
    }
}

void MembershipModel::changeDomainOn(const QString &host, const DomainInfo &, const DomainInfo &after)
{
    Node *node = nodeOf(host, after.domid);
    if (!node) {
        addDomainOn(host, after);
        return;
    }
    const DomainInfo before = std::exchange(m_domains[{host, after.domid}], after);
    // Only the columns that show a changed field: a state change must not look like a change of
    // the sort column to a sorting proxy, which would then check the row's place among thousands.
    const QVariantList was = membershipRecordValues(before);
    const QVariantList now = membershipRecordValues(after);
    // A row whose kind changes changes in every column; the host is the name's tooltip.
    const bool everyColumn =
        before.role != after.role || before.cluster != after.cluster || before.master != after.master;
    int first = ColumnCount;
    int last = -1;
    for (int column = 0; column < ColumnCount; ++column) {
        if (everyColumn || was.value(column) != now.value(column) ||
            (column == Name && before.host != after.host) ||
            (column == Uptime && before.createdMs != after.createdMs)) {
            first = std::min(first, column);
            last = column;
        }
    }
    if (last >= 0)
        emit dataChanged(indexOf(node, first), indexOf(node, last));
}

void MembershipModel::removeDomainOn(const QString &host, const DomainInfo &domain)
{
    Node *node = nodeOf(host, domain.domid);
    if (!node)
        return;
    // Children of a removed master (should any remain) go up to the cluster first.
    Node *cluster = clusterNode(host, record(node).cluster, true);
    while (!node->children.isEmpty()) {
        Node *child = node->children.last();
        const int from = int(node->children.size() - 1);
        const auto position =
            std::lower_bound(cluster->children.begin(), cluster->children.end(), child, siblingLess);
        const int destination = int(position - cluster->children.begin());
        beginMoveRows(indexOf(node, 0), from, from, indexOf(cluster, 0), destination);
        node->children.removeLast();
        child->parent = cluster;
        cluster->children.insert(destination, child);
        endMoveRows();
    }
    Node *parent = node->parent;
    takeOut(node);
    if (parent != &m_root && parent->domid < 0 && !parent->isHost && parent->children.isEmpty())
        takeOut(parent); // a cluster without domains
}

void MembershipModel::takeOut(Node *node)
{
    Node *parent = node->parent;
    const int row = rowOf(node);
    beginRemoveRows(indexOf(parent, 0), row, row);
    parent->children.removeAt(row);
    endRemoveRows();
    deleteNode(node);
}

// Forgets a node already taken out of the tree, and everything under it.
void MembershipModel::deleteNode(Node *node)
{
    for (Node *child : std::as_const(node->children))
        deleteNode(child);
    if (node->domid >= 0) {
        const DomainKey key{node->host, node->domid};
        m_byDomid.remove(key);
        m_domains.remove(key);
        m_agentStates.remove(key);
        m_usage.remove(key);
    }
    m_owned.remove(node);
    delete node;
}

void MembershipModel::setHostState(const QString &host, const QString &state)
{
    Node *node = hostNode(host, true);
    m_hostStates.insert(host, state);
    if (node != &m_root) {
        const QModelIndex cell = indexOf(node, State);
        emit dataChanged(cell, cell);
    }
}

void MembershipModel::removeHost(const QString &host)
{
    m_hostStates.remove(host);
    const auto onHost = [&host](const auto &entry) { return entry.key().first == host; };
    m_usage.removeIf(onHost);
    m_agentStates.removeIf(onHost);
    Node *node = host.isEmpty() ? nullptr : hostNode(host, false);
    if (node != nullptr)
        takeOut(node);
}

void MembershipModel::setAgentState(int domid, const QString &state)
{
    setAgentStateOn(domid, state, m_defaultHost);
}

// (domid, state, host): the order AgentModel::domainAgentStateChanged gives them in.
void MembershipModel::setAgentStateOn(int domid, const QString &state, const QString &host)
{
    const DomainKey key{host, domid};
    Node *node = nodeOf(host, domid);
    if (!node || m_agentStates.value(key) == state)
        return;
    m_agentStates.insert(key, state);
    const QModelIndex cell = indexOf(node, Agent);
    emit dataChanged(cell, cell);
}

QVariant MembershipModel::usageValue(const Node *node, int column, int role) const
{
    const UsageCellAs as = role == SortRole            ? UsageCellAs::SortValue
                           : role == UsageFractionRole ? UsageCellAs::Fraction
                                                       : UsageCellAs::Text;
    return usageCell(m_usage.value({node->host, node->domid}), record(node), column == Cpu, as);
}

void MembershipModel::emitUsageChanged(const QString &host, int domid)
{
    if (Node *node = nodeOf(host, domid))
        emit dataChanged(indexOf(node, Cpu), indexOf(node, MemoryUsed));
}

void MembershipModel::setUsageOn(const QString &host, const DomainUsage &usage)
{
    m_usage.insert({host, usage.domid}, usage);
    emitUsageChanged(host, usage.domid);
}

void MembershipModel::changeUsageOn(const QString &host, const DomainUsage &, const DomainUsage &after)
{
    setUsageOn(host, after);
}

void MembershipModel::removeUsageOn(const QString &host, const DomainUsage &usage)
{
    if (m_usage.remove({host, usage.domid}))
        emitUsageChanged(host, usage.domid);
}

void MembershipModel::refreshUptime(const QModelIndex &parent, int first, int last)
{
    emit dataChanged(index(first, Uptime, parent), index(last, Uptime, parent), {Qt::DisplayRole, SortRole});
}

QModelIndex MembershipModel::indexOfDomain(int domid, int column) const
{
    return indexOf(nodeOf(m_defaultHost, domid), column);
}

QModelIndex MembershipModel::indexOfDomainOn(const QString &host, int domid, int column) const
{
    return indexOf(nodeOf(host, domid), column);
}

QModelIndex MembershipModel::indexOfHost(const QString &host, int column) const
{
    for (const Node *node : m_root.children) {
        if (node->isHost && node->host == host)
            return indexOf(node, column);
    }
    return {};
}

QString MembershipModel::hostOf(const QModelIndex &index) const
{
    return index.isValid() ? static_cast<Node *>(index.internalPointer())->host : QString();
}

std::optional<DomainInfo> MembershipModel::domain(const QModelIndex &index) const
{
    if (!index.isValid())
        return std::nullopt;
    const Node *node = static_cast<Node *>(index.internalPointer());
    if (node->domid < 0)
        return std::nullopt;
    return record(node);
}

} // namespace clonedeck
