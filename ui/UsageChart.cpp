#include "UsageChart.h"

#include <QDateTime>
#include <QPainter>
#include <QPainterPath>

namespace clonedeck {

UsageChart::UsageChart(QWidget *parent)
    : QWidget(parent)
{
    setMinimumHeight(80);
    setAccessibleName(tr("Resource history"));
}

void UsageChart::setPoints(const QList<UsageHistory::Point> &points, int cpuMax, qint64 memoryMaxKb)
{
    m_points = points;
    m_cpuMax = std::max(1, cpuMax);
    m_memoryMaxKb = std::max<qint64>(1, memoryMaxKb);
    update();
}

void UsageChart::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    const QRectF area = QRectF(rect()).adjusted(4, 16, -4, -4);
    painter.fillRect(area, palette().color(QPalette::Base));
    painter.setPen(palette().color(QPalette::Mid));
    painter.drawRect(area);
    painter.setPen(palette().color(QPalette::Text));
    painter.drawText(QRectF(4, 0, width() - 8, 14), Qt::AlignLeft,
                     tr("CPU (blue, of %1 %) and memory (green), last 2 minutes").arg(m_cpuMax));
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const qint64 start = now - kShownMs;
    auto xOf = [&](qint64 atMs) {
        return area.left() + area.width() * double(std::max(atMs, start) - start) / double(kShownMs);
    };
    // Steps: a value holds until the next published one (or now).
    auto stepLine = [&](auto valueOf, double max) {
        QPainterPath path;
        double y = area.bottom();
        path.moveTo(area.left(), y);
        for (const UsageHistory::Point &point : m_points) {
            const double x = xOf(point.atMs);
            path.lineTo(x, y);
            y = area.bottom() - area.height() * std::clamp(double(valueOf(point)) / max, 0.0, 1.0);
            path.lineTo(x, y);
        }
        path.lineTo(area.right(), y);
        return path;
    };
    painter.setPen(QPen(QColor(0x30, 0x70, 0xd0), 1.5));
    painter.drawPath(stepLine([](const UsageHistory::Point &p) { return p.cpuPercent; }, m_cpuMax));
    painter.setPen(QPen(QColor(0x30, 0xa0, 0x50), 1.5));
    painter.drawPath(stepLine([](const UsageHistory::Point &p) { return p.rssKb; }, double(m_memoryMaxKb)));
}

} // namespace clonedeck
