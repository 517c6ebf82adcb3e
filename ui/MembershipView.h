#pragma once

// The Membership tab: every domain of every platform as a tree (host, cluster, master,
// clones), fed incrementally from each host's mirror, each host's row saying where its
// connection stands; filtered by what is typed above it and sorted by value, with uptimes
// that move.
#include "PlatformRecords.h"

#include <QWidget>

class QSortFilterProxyModel;
class QTreeView;

namespace clonedeck {

class MembershipModel;
class PlatformConnections;

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
    MembershipModel *model() const { return m_model; }

private:
    void expandWhatGrew(const QModelIndex &parent, int first, int last);

    MembershipModel *m_model;
    QSortFilterProxyModel *m_proxy;
    QTreeView *m_view;
};

} // namespace clonedeck
