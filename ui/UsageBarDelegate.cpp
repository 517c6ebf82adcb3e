#include "UsageBarDelegate.h"

#include "MembershipModel.h"

#include <QPainter>

namespace clonedeck {

void UsageBarDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option,
                             const QModelIndex &index) const
{
    const QVariant fraction = index.data(MembershipModel::UsageFractionRole);
    if (fraction.isValid()) {
        // Under the text, inside the cell's margins; the highlight of a selected row stays visible.
        const QRect bar = option.rect.adjusted(2, 3, -2, -3);
        const int filled = int(bar.width() * std::clamp(fraction.toDouble(), 0.0, 1.0));
        painter->save();
        painter->setPen(Qt::NoPen);
        QColor track = option.palette.color(QPalette::Mid);
        track.setAlpha(50);
        painter->setBrush(track);
        painter->drawRect(bar);
        QColor fill =
            fraction.toDouble() > 0.9 ? QColor(0xd0, 0x50, 0x40) : option.palette.color(QPalette::Highlight);
        fill.setAlpha(110);
        painter->setBrush(fill);
        painter->drawRect(QRect(bar.topLeft(), QSize(filled, bar.height())));
        painter->restore();
    }
    QStyledItemDelegate::paint(painter, option, index);
}

} // namespace clonedeck
