#include "TableModel.h"

#include <QCoreApplication>

namespace clonedeck {

TableModel::TableModel(const char *context, QList<const char *> titles, QObject *parent)
    : QAbstractTableModel(parent)
    , m_context(context)
    , m_titles(std::move(titles))
{}

int TableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : rows();
}

int TableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_titles.size());
}

QVariant TableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    return header(m_context, m_titles, section, orientation, role);
}

QVariant TableModel::header(const char *context, const QList<const char *> &titles, int section,
                            Qt::Orientation orientation, int role)
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole || section < 0 || section >= titles.size())
        return {};
    return QCoreApplication::translate(context, titles[section]);
}

} // namespace clonedeck
