#pragma once

// A search line above a view: what is typed filters the proxy (every column, any case).
#include <QLineEdit>

class QSortFilterProxyModel;

namespace clonedeck {

class FilterBar : public QLineEdit
{
    Q_OBJECT
public:
    FilterBar(QSortFilterProxyModel *proxy, const QString &placeholder, QWidget *parent = nullptr);
};

} // namespace clonedeck
