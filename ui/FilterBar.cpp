#include "FilterBar.h"

#include <QSortFilterProxyModel>

namespace clonedeck {

FilterBar::FilterBar(QSortFilterProxyModel *proxy, const QString &placeholder, QWidget *parent)
    : QLineEdit(parent)
{
    setPlaceholderText(placeholder);
    setAccessibleName(placeholder);
    setClearButtonEnabled(true);
    proxy->setFilterKeyColumn(-1);
    proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    connect(this, &QLineEdit::textChanged, proxy, &QSortFilterProxyModel::setFilterFixedString);
}

} // namespace clonedeck
