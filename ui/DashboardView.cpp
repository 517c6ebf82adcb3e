#include "DashboardView.h"

#include "ClusterMirror.h"

#include "TimeChart.h"

#include <QLabel>
#include <QVBoxLayout>

namespace clonedeck {

DashboardView::DashboardView(ClusterMirror *mirror, QWidget *parent)
    : QWidget(parent)
    , m_mirror(mirror)
    , m_capacity(new QLabel(this))
    , m_counts(new QLabel(this))
    , m_chart(new TimeChart(tr("Clones and free vCPUs over the last ten minutes"), tr("Clones"),
                            tr("Free vCPUs"), 10, this))
{
    m_capacity->setTextFormat(Qt::RichText);
    m_capacity->setAccessibleName(tr("Capacity per host"));
    m_counts->setAccessibleName(tr("Domains by state"));
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_capacity);
    layout->addWidget(m_counts);
    layout->addWidget(m_chart, 1);
    m_clock.start();
    connect(m_mirror, &ClusterMirror::batchApplied, this, &DashboardView::refresh);
}

void DashboardView::refresh()
{
    QString table = QStringLiteral("<table cellspacing=8><tr><th "
                                   "align=left>%1</th><th>%2</th><th>%3</th><th>%4</th><th>%5</th></tr>")
                        .arg(tr("Host"), tr("vCPUs used"), tr("reserved"), tr("free"),
                             tr("Memory used / reserved / free (MB)"));
    int freeVcpus = 0;
    for (const HostInfo &h : m_mirror->hosts()) {
        freeVcpus += h.freeVcpus();
        table += QStringLiteral("<tr><td>%1</td><td align=right>%2</td><td align=right>%3</td><td "
                                "align=right>%4 / %5</td><td align=right>%6 / %7 / %8</td></tr>")
                     .arg(h.name.toHtmlEscaped())
                     .arg(h.usedVcpus)
                     .arg(h.reservedVcpus)
                     .arg(h.freeVcpus())
                     .arg(h.vcpus)
                     .arg(h.usedMemoryMb)
                     .arg(h.reservedMemoryMb)
                     .arg(h.freeMemoryMb());
    }
    m_capacity->setText(table + QStringLiteral("</table>"));
    int clones = 0;
    QMap<QString, int> byState;
    for (const DomainInfo &d : m_mirror->domains()) {
        clones += d.role == DomainRole::Clone ? 1 : 0;
        byState[toString(d.state)] += 1;
    }
    QStringList parts;
    for (auto it = byState.begin(); it != byState.end(); ++it)
        parts.append(QStringLiteral("%1 %2").arg(it.value()).arg(it.key()));
    m_counts->setText(tr("Domains: %1 (%2 clones) — %3")
                          .arg(m_mirror->domains().size())
                          .arg(clones)
                          .arg(parts.join(QStringLiteral(", "))));

    // One chart point per second at most, whatever the storm.
    const qint64 nowMs = m_clock.elapsed();
    if (nowMs - m_lastPointMs < 1000)
        return;
    m_lastPointMs = nowMs;
    m_chart->add(nowMs / 1000.0, clones, freeVcpus);
}

} // namespace clonedeck
