#include "MembershipView.h"

#include "ClusterMirror.h"
#include "DomainDetailPane.h"
#include "FilterBar.h"
#include "HostFeed.h"
#include "MembershipModel.h"
#include "PlatformConnection.h"
#include "PlatformConnections.h"
#include "SortedView.h"
#include "StateSortProxy.h"
#include "UsageBarDelegate.h"
#include "UsageHistory.h"
#include "VisibleRows.h"

#include <QHeaderView>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTimer>
#include <QTreeView>
#include <QVBoxLayout>

#include <algorithm>

namespace clonedeck {

MembershipView::MembershipView(PlatformConnections *platforms, QWidget *parent)
    : QWidget(parent)
    , m_model(new MembershipModel(this))
    , m_proxy(new StateSortProxy(MembershipModel::ToneRole, MembershipModel::State, this))
    , m_view(new QTreeView(this))
    , m_history(new UsageHistory(this))
    , m_detail(new DomainDetailPane(platforms, m_history, this))
    , m_uptimeClock(new QTimer(this))
{
    m_model->setDefaultHost(platforms->primary()->name()); // agent states name the primary's domains
    feedFromEveryHost(platforms, m_model, &ClusterMirror::domains, &ClusterMirror::domainAdded,
                      &ClusterMirror::domainChanged, &ClusterMirror::domainRemoved,
                      &MembershipModel::addDomainOn, &MembershipModel::changeDomainOn,
                      &MembershipModel::removeDomainOn);
    // Each host's row says where its connection stands.
    platforms->follow(
        m_model,
        [this](PlatformConnection *platform) {
            connect(platform, &PlatformConnection::stateChanged, m_model,
                    [this, platform] { m_model->setHostState(platform->name(), platform->stateText()); });
            m_model->setHostState(platform->name(), platform->stateText());
        },
        [](PlatformConnection *) {});
    m_uptimeClock->setInterval(1000);
    connect(m_uptimeClock, &QTimer::timeout, this, &MembershipView::refreshVisibleUptimes);
    // Every host's usage: its rows' inline bars and the detail pane's chart.
    feedFromEveryHost(platforms, m_model, &ClusterMirror::usage, &ClusterMirror::usageAdded,
                      &ClusterMirror::usageChanged, &ClusterMirror::usageRemoved,
                      &MembershipModel::setUsageOn, &MembershipModel::changeUsageOn,
                      &MembershipModel::removeUsageOn);
    feedFromEveryHost(platforms, m_history, &ClusterMirror::usage, &ClusterMirror::usageAdded,
                      &ClusterMirror::usageChanged, &ClusterMirror::usageRemoved, &UsageHistory::record,
                      &UsageHistory::recordChange, &UsageHistory::recordIdle);
    platforms->follow(
        m_history,
        [this](PlatformConnection *platform) {
            connect(platform->mirror(), &ClusterMirror::domainRemoved, m_history,
                    [this, host = platform->name()](const DomainInfo &domain) {
                        m_history->forget(host, domain.domid);
                    });
        },
        [](PlatformConnection *) {});

    m_proxy->setRecursiveFilteringEnabled(true);
    showSorted(m_view, m_proxy, m_model, MembershipModel::SortRole, MembershipModel::Domid,
               Qt::AscendingOrder, QStringLiteral("membershipView"), tr("Cluster membership"));
    m_view->setUniformRowHeights(true);
    m_view->header()->setDefaultSectionSize(80); // every column, the agent's last, fits in 1200 px
    m_view->header()->resizeSection(MembershipModel::Name, 240);
    m_view->header()->resizeSection(MembershipModel::Memory, 100);
    // No header cut at its default width ("Memory used", and longer translations).
    for (int column = 0; column < m_model->columnCount(); ++column)
        m_view->header()->resizeSection(column, std::max(m_view->header()->sectionSize(column),
                                                         m_view->header()->sectionSizeHint(column)));
    connect(m_proxy, &QAbstractItemModel::rowsInserted, this, &MembershipView::expandWhatGrew);
    auto *bars = new UsageBarDelegate(this);
    m_view->setItemDelegateForColumn(MembershipModel::Cpu, bars);
    m_view->setItemDelegateForColumn(MembershipModel::MemoryUsed, bars);
    // Shown right after State (the model keeps them last): beside the detail pane the tree is
    // narrower, and at the end they were scrolled out of sight (seen in a 1200 px window).
    QHeaderView *header = m_view->header();
    header->moveSection(header->visualIndex(MembershipModel::Cpu),
                        header->visualIndex(MembershipModel::State) + 1);
    header->moveSection(header->visualIndex(MembershipModel::MemoryUsed),
                        header->visualIndex(MembershipModel::Cpu) + 1);
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) {
                const QModelIndex row = m_proxy->mapToSource(current);
                const auto domain = m_model->domain(row);
                m_detail->showDomain(m_model->hostOf(row), domain ? domain->domid : -1);
            });

    auto *split = new QSplitter(Qt::Horizontal, this);
    split->addWidget(m_view);
    split->addWidget(m_detail);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 1);
    m_view->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_view, &QWidget::customContextMenuRequested, this, [this](const QPoint &at) {
        const QModelIndex row = m_view->indexAt(at);
        if (!row.isValid())
            return;
        if (!m_view->selectionModel()->isRowSelected(row.row(), row.parent()))
            m_view->selectionModel()->select(row, QItemSelectionModel::ClearAndSelect |
                                                      QItemSelectionModel::Rows |
                                                      QItemSelectionModel::Current);
        emit rowMenuRequested(m_view->viewport()->mapToGlobal(at));
    });

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(new FilterBar(m_proxy, tr("Filter domains (name, IP, state, ticket…)"), this));
    layout->addWidget(split, 1);
}

void MembershipView::setAgentModel(AgentModel *agents)
{
    m_detail->setAgentModel(agents);
}

// Expand what grew, not the whole tree: expandAll() per inserted row relaid out every row
// each time, 5.4 s for a 10,000-domain cold load.
void MembershipView::expandWhatGrew(const QModelIndex &parent, int first, int last)
{
    if (parent.isValid() && !m_view->isExpanded(parent))
        m_view->expand(parent);
    for (int row = first; row <= last; ++row) {
        const QModelIndex index = m_proxy->index(row, 0, parent);
        const auto kind = MembershipModel::Kind(index.data(MembershipModel::KindRole).toInt());
        if (kind != MembershipModel::Kind::Clone)
            m_view->expand(index);
    }
}

// The uptimes move every second, but only the rows on screen are told, and only while the tab
// is shown: telling every row of 1,001 idle domains (one dataChanged per level) had the proxy
// map and the view repaint them all each second.
void MembershipView::refreshVisibleUptimes()
{
    for (const SourceRowRun &run : visibleSourceRuns(m_view, m_proxy, MembershipModel::Uptime))
        m_model->refreshUptime(run.parent, run.first, run.last);
}

void MembershipView::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    m_uptimeClock->start();
}

void MembershipView::hideEvent(QHideEvent *event)
{
    QWidget::hideEvent(event);
    m_uptimeClock->stop();
}

bool MembershipView::selectDomain(int domid)
{
    const QModelIndex row = m_proxy->mapFromSource(m_model->indexOfDomain(domid));
    if (!row.isValid())
        return false;
    m_view->selectionModel()->setCurrentIndex(row, QItemSelectionModel::ClearAndSelect |
                                                       QItemSelectionModel::Rows);
    m_view->scrollTo(row);
    m_view->setFocus();
    return true;
}

QList<DomainInfo> MembershipView::selectedDomains() const
{
    QList<DomainInfo> domains;
    for (const QModelIndex &index : m_view->selectionModel()->selectedRows()) {
        if (const auto domain = m_model->domain(m_proxy->mapToSource(index)))
            domains.append(*domain);
    }
    return domains;
}

QStringList MembershipView::selectedHosts() const
{
    QStringList hosts;
    for (const QModelIndex &index : m_view->selectionModel()->selectedRows()) {
        const QModelIndex source = m_proxy->mapToSource(index);
        if (m_model->domain(source))
            hosts.append(m_model->hostOf(source));
    }
    return hosts;
}

QString MembershipView::currentHost() const
{
    return m_model->hostOf(m_proxy->mapToSource(m_view->currentIndex()));
}

} // namespace clonedeck
