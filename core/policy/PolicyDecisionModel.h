#pragma once

// The decision timeline of every policy, newest last: time, cluster, decision, count,
// domain, reason and whether it was carried out (or only shown, in a dry run). Rows are
// appended one by one and the oldest dropped past a bound; nothing is ever reset.
#include "PolicyEngine.h"
#include "TableModel.h"

#include <deque>

namespace clonedeck {

class PolicyDecisionModel : public TableModel
{
    Q_OBJECT

public:
    enum Column
    {
        Time,
        Cluster,
        Decision,
        Count,
        Domain,
        Reason,
        Outcome,
        ColumnCount
    };
    explicit PolicyDecisionModel(int maxRows = 5000, QObject *parent = nullptr);

    void append(const QString &cluster, const PolicyDecision &decision);

    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;

private:
    struct Row
    {
        QString cluster;
        PolicyDecision decision;
    };
    int rows() const override { return int(m_rows.size()); }

    std::deque<Row> m_rows;
    int m_maxRows;
};

} // namespace clonedeck
