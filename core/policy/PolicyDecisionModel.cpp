#include "PolicyDecisionModel.h"

#include <QLocale>

namespace clonedeck {

PolicyDecisionModel::PolicyDecisionModel(int maxRows, QObject *parent)
    : TableModel("clonedeck::PolicyDecisionModel",
                 {QT_TRANSLATE_NOOP("clonedeck::PolicyDecisionModel", "Time"),
                  QT_TRANSLATE_NOOP("clonedeck::PolicyDecisionModel", "Cluster"),
                  QT_TRANSLATE_NOOP("clonedeck::PolicyDecisionModel", "Decision"),
                  QT_TRANSLATE_NOOP("clonedeck::PolicyDecisionModel", "Count"),
                  QT_TRANSLATE_NOOP("clonedeck::PolicyDecisionModel", "Domain"),
                  QT_TRANSLATE_NOOP("clonedeck::PolicyDecisionModel", "Reason"),
                  QT_TRANSLATE_NOOP("clonedeck::PolicyDecisionModel", "Outcome")},
                 parent)
    , m_maxRows(std::max(1, maxRows))
{}

void PolicyDecisionModel::append(const QString &cluster, const PolicyDecision &decision)
{
    if (int(m_rows.size()) >= m_maxRows) {
        beginRemoveRows({}, 0, 0);
        m_rows.pop_front();
        endRemoveRows();
    }
    const int row = int(m_rows.size());
    beginInsertRows({}, row, row);
    m_rows.push_back({cluster, decision});
    endInsertRows();
}

QVariant PolicyDecisionModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= int(m_rows.size()))
        return {};
    const Row &row = m_rows[size_t(index.row())];
    const PolicyDecision &d = row.decision;
    if (role == Qt::UserRole) // raw values, for sorting and filtering
        return index.column() == Time ? QVariant(d.at) : data(index, Qt::DisplayRole);
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole)
        return {};
    switch (Column(index.column())) {
    case Time:
        return d.at.toLocalTime().toString(QStringLiteral("HH:mm:ss.zzz"));
    case Cluster:
        return row.cluster;
    case Decision:
        return PolicyDecision::kindName(d.kind);
    case Count:
        return d.count > 0 ? QVariant(d.count) : QVariant();
    case Domain:
        return d.domid >= 0 ? QVariant(d.domid) : QVariant();
    case Reason:
        return d.reason;
    case Outcome:
        if (d.kind == PolicyDecision::Kind::Hold || d.kind == PolicyDecision::Kind::Error)
            return QString();
        return d.executed ? tr("carried out") : tr("shown only");
    case ColumnCount:
        break;
    }
    return {};
}

} // namespace clonedeck
