#pragma once

// The Membership tab: every domain of every platform as a tree (host, cluster, master,
// clones), fed incrementally from each host's mirror, each host's row saying where its
// connection stands; filtered by what is typed above it and sorted by value, with uptimes
// that move, CPU and memory as inline bars, and a detail pane for the selected domain.
#include "PlatformRecords.h"

#include <QWidget>

class QSortFilterProxyModel;
class QTimer;
class QTreeView;

namespace clonedeck {

class AgentModel;
class ClusterMirror;
class DomainDetailPane;
class MembershipModel;
class PlatformConnections;
class UsageHistory;

class MembershipView : public QWidget
{
    Q_OBJECT
public:
    explicit MembershipView(PlatformConnections *platforms, QWidget *parent = nullptr);

    // The selected rows' domains (masters and clones), in view order.
    QList<DomainInfo> selectedDomains() const;
    // The host (connection name) of each selected domain, in the same order.
    QStringList selectedHosts() const;
    // The host of the current row (a domain's, a cluster's or the host's own row); empty if none.
    QString currentHost() const;
    QTreeView *treeView() const { return m_view; }
    // Selects and shows the domain's row (the palette's jump; its details show in the pane);
    // false if it is not shown.
    bool selectDomain(int domid);
    MembershipModel *model() const { return m_model; }
    DomainDetailPane *detailPane() const { return m_detail; }
    // The detail pane shows the newest agent of the selected domain from here.
    void setAgentModel(AgentModel *agents);

signals:
    // A right click on a row, which is selected first (unless already part of the selection).
    void rowMenuRequested(const QPoint &globalPosition);

protected:
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    void expandWhatGrew(const QModelIndex &parent, int first, int last);
    void refreshVisibleUptimes();

    MembershipModel *m_model;
    QSortFilterProxyModel *m_proxy;
    QTreeView *m_view;
    UsageHistory *m_history;
    DomainDetailPane *m_detail;
    QTimer *m_uptimeClock; // runs while the tab is shown
};

} // namespace clonedeck
