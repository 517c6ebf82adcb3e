#pragma once

// Draws a usage cell (CPU %, memory) as an inline bar behind its text: the bar's
// fill is the model's UsageFractionRole (of the domain's vCPUs, of its memory).
// Painting only: the text, the sort value and the fraction all come from the model.
#include <QStyledItemDelegate>

namespace clonedeck {

class UsageBarDelegate : public QStyledItemDelegate
{
    Q_OBJECT
public:
    using QStyledItemDelegate::QStyledItemDelegate;
    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;
};

} // namespace clonedeck
