#include "MembershipModel.h"

#include "StateTone.h"
#include "TableModel.h"

#include <QDateTime>

#include <algorithm>

namespace clonedeck {

namespace {
QString formatUptime(qint64 ms)
{
    const qint64 s = std::max<qint64>(0, ms / 1000);
    if (s < 3600)
        return QStringLiteral("%1:%2").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0'));
    return QStringLiteral("%1h%2m").arg(s / 3600).arg((s % 3600) / 60, 2, 10, QLatin1Char('0'));
}
} // namespace

MembershipModel::MembershipModel(QObject *parent)
    : QAbstractItemModel(parent)
{}

MembershipModel::~MembershipModel()
{
    qDeleteAll(m_owned);
}

bool MembershipModel::siblingLess(const Node *a, const Node *b)
{
    return a->domid < 0 ? a->cluster < b->cluster : a->domid < b->domid;
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
    if (node->domid < 0)
        return Kind::Cluster;
    return m_domains.value(node->domid).role == DomainRole::Master ? Kind::Master : Kind::Clone;
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
        QT_TR_NOOP("Name"),        QT_TR_NOOP("Domid"),      QT_TR_NOOP("VM id"),    QT_TR_NOOP("Role"),
        QT_TR_NOOP("State"),       QT_TR_NOOP("IP"),         QT_TR_NOOP("SSH port"), QT_TR_NOOP("vCPUs"),
        QT_TR_NOOP("Memory (MB)"), QT_TR_NOOP("Ticket"),     QT_TR_NOOP("Uptime"),   QT_TR_NOOP("Agent"),
        QT_TR_NOOP("CPU"),         QT_TR_NOOP("Memory used")};
    return TableModel::header("clonedeck::MembershipModel", titles, section, orientation, role);
}

QVariant MembershipModel::displayValue(const Node *node, int column) const
{
    if (node->domid < 0)
        return column == Name ? QVariant(node->cluster) : QVariant();
    if (column == Uptime)
        return formatUptime(QDateTime::currentMSecsSinceEpoch() - m_domains[node->domid].createdMs);
    if (column == Agent)
        return m_agentStates.value(node->domid);
    if (column >= Cpu)
        return usageValue(node->domid, column, Qt::DisplayRole);
    return recordValues(m_domains[node->domid]).value(column);
}

// What the columns from Name to Ticket show of the record itself (Uptime moves with time, Agent
// comes from the sessions).
QVariantList MembershipModel::recordValues(const DomainInfo &d)
{
    return {d.name,
            d.domid,
            d.vmid,
            d.role == DomainRole::Master ? tr("master") : tr("clone"),
            toString(d.state),
            d.ip,
            d.port,
            d.vcpus,
            d.memoryMb,
            d.ticket};
}

QVariant MembershipModel::sortValue(const Node *node, int column) const
{
    if (node->domid < 0)
        return node->cluster;
    const DomainInfo &d = m_domains[node->domid];
    if (column == Domid) // the default order, and the one a storm of changes re-checks: cheap
        return d.domid;
    if (column == Uptime)
        return -d.createdMs; // older first = longer uptime
    if (column >= Cpu)
        return usageValue(node->domid, column, SortRole);
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
    if (role == UsageFractionRole)
        return node->domid >= 0 && index.column() >= Cpu ? usageValue(node->domid, index.column(), role)
                                                         : QVariant();
    if (role == ToneRole)
        return node->domid < 0 ? QVariant() : QVariant(int(toneOf(m_domains[node->domid].state)));
    if (role == Qt::ToolTipRole && index.column() == State && node->domid >= 0)
        return m_domains[node->domid].error; // why it Failed
    const bool hostTip = role == Qt::ToolTipRole && node->domid >= 0 && index.column() == Name;
    return hostTip ? QVariant(m_domains[node->domid].host) : QVariant();
}

MembershipModel::Node *MembershipModel::clusterNode(const QString &cluster, bool create)
{
    for (Node *node : std::as_const(m_root.children)) {
        if (node->cluster == cluster)
            return node;
    }
    if (!create)
        return nullptr;
    auto *node = new Node{cluster, -1, &m_root, {}};
    m_owned.insert(node);
    insertNode(&m_root, node);
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

MembershipModel::Node *MembershipModel::parentFor(const DomainInfo &domain)
{
    if (domain.role == DomainRole::Clone) {
        if (Node *master = nodeOf(domain.master))
            return master;
    }
    return clusterNode(domain.cluster, true); // a clone whose master is not known yet waits here
}

void MembershipModel::addDomain(const DomainInfo &domain)
{
    if (m_byDomid.contains(domain.domid)) {
        changeDomain(m_domains.value(domain.domid), domain);
        return;
    }
    m_domains.insert(domain.domid, domain);
    auto *node = new Node{domain.cluster, domain.domid, nullptr, {}};
    m_owned.insert(node);
    m_byDomid.insert(domain.domid, node);
    insertNode(parentFor(domain), node);
    if (domain.role != DomainRole::Master)
        return;
    // Clones that arrived before their master move under it.
    Node *cluster = clusterNode(domain.cluster, false);
    for (qsizetype i = cluster ? cluster->children.size() - 1 : -1; i >= 0; --i) {
        Node *orphan = cluster->children[i];
        if (orphan->domid < 0 || m_domains.value(orphan->domid).master != domain.domid || orphan == node)
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

void MembershipModel::changeDomain(const DomainInfo &, const DomainInfo &after)
{
    Node *node = nodeOf(after.domid);
    if (!node) {
        addDomain(after);
        return;
    }
    const DomainInfo before = std::exchange(m_domains[after.domid], after);
    // Only the columns that show a changed field: a state change must not look like a change of
    // the sort column to a sorting proxy, which would then check the row's place among thousands.
    const QVariantList was = recordValues(before);
    const QVariantList now = recordValues(after);
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

void MembershipModel::removeDomain(const DomainInfo &domain)
{
    Node *node = nodeOf(domain.domid);
    if (!node)
        return;
    // Children of a removed master (should any remain) go up to the cluster first.
    Node *cluster = clusterNode(m_domains.value(domain.domid).cluster, true);
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
    const int row = rowOf(node);
    beginRemoveRows(indexOf(parent, 0), row, row);
    parent->children.removeAt(row);
    endRemoveRows();
    m_byDomid.remove(domain.domid);
    m_domains.remove(domain.domid);
    m_agentStates.remove(domain.domid);
    m_usage.remove(domain.domid);
    m_owned.remove(node);
    delete node;
    if (parent != &m_root && parent->domid < 0 && parent->children.isEmpty()) {
        const int clusterRow = rowOf(parent);
        beginRemoveRows({}, clusterRow, clusterRow);
        m_root.children.removeAt(clusterRow);
        endRemoveRows();
        m_owned.remove(parent);
        delete parent;
    }
}

void MembershipModel::setAgentState(int domid, const QString &state)
{
    Node *node = nodeOf(domid);
    if (!node || m_agentStates.value(domid) == state)
        return;
    m_agentStates.insert(domid, state);
    const QModelIndex cell = indexOf(node, Agent);
    emit dataChanged(cell, cell);
}

// The usage columns: text, raw value to sort by, or the bar's fill. An idle domain (no record) uses
// nothing: 0 %, 0 MB.
QVariant MembershipModel::usageValue(int domid, int column, int role) const
{
    const DomainUsage usage = m_usage.value(domid);
    const DomainInfo &domain = m_domains[domid];
    const bool cpu = column == Cpu;
    if (role == SortRole)
        return cpu ? qint64(usage.cpuPercent) : usage.rssKb;
    if (role == UsageFractionRole) {
        const double of =
            cpu ? 100.0 * std::max(1, domain.vcpus) : 1024.0 * std::max<qint64>(1, domain.memoryMb);
        return std::clamp((cpu ? usage.cpuPercent : double(usage.rssKb)) / of, 0.0, 1.0);
    }
    if (cpu)
        return tr("%1 %").arg(usage.cpuPercent);
    return tr("%1 MB").arg(double(usage.rssKb) / 1024.0, 0, 'f', usage.rssKb < 10240 ? 1 : 0);
}

void MembershipModel::emitUsageChanged(int domid)
{
    if (Node *node = nodeOf(domid))
        emit dataChanged(indexOf(node, Cpu), indexOf(node, MemoryUsed));
}

void MembershipModel::setUsage(const DomainUsage &usage)
{
    m_usage.insert(usage.domid, usage);
    emitUsageChanged(usage.domid);
}

void MembershipModel::removeUsage(const DomainUsage &usage)
{
    if (m_usage.remove(usage.domid))
        emitUsageChanged(usage.domid);
}

void MembershipModel::refreshUptime()
{
    std::function<void(Node *)> refresh = [&](Node *parent) {
        if (parent->children.isEmpty())
            return;
        emit dataChanged(indexOf(parent->children.first(), Uptime), indexOf(parent->children.last(), Uptime),
                         {Qt::DisplayRole, SortRole});
        for (Node *child : std::as_const(parent->children))
            refresh(child);
    };
    refresh(&m_root);
}

QModelIndex MembershipModel::indexOfDomain(int domid, int column) const
{
    return indexOf(nodeOf(domid), column);
}

std::optional<DomainInfo> MembershipModel::domain(const QModelIndex &index) const
{
    if (!index.isValid())
        return std::nullopt;
    const Node *node = static_cast<Node *>(index.internalPointer());
    if (node->domid < 0)
        return std::nullopt;
    return m_domains.value(node->domid);
}

} // namespace clonedeck
