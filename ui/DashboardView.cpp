#include "DashboardView.h"

#include "ClusterMirror.h"

#include <QChart>
#include <QChartView>
#include <QLabel>
#include <QLineSeries>
#include <QValueAxis>
#include <QVBoxLayout>

namespace clonedeck {

DashboardView::DashboardView(ClusterMirror *mirror, QWidget *parent)
    : QWidget(parent)
    , m_mirror(mirror)
    , m_capacity(new QLabel(this))
    , m_counts(new QLabel(this))
    , m_clones(new QLineSeries(this))
    , m_freeVcpus(new QLineSeries(this))
    , m_timeAxis(new QValueAxis(this))
    , m_valueAxis(new QValueAxis(this))
{
    m_capacity->setTextFormat(Qt::RichText);
    m_capacity->setAccessibleName(tr("Capacity per host"));
    m_counts->setAccessibleName(tr("Domains by state"));
    m_clones->setName(tr("Clones"));
    m_freeVcpus->setName(tr("Free vCPUs"));
    auto *chart = new QChart;
    chart->addSeries(m_clones);
    chart->addSeries(m_freeVcpus);
    m_timeAxis->setTitleText(tr("seconds"));
    m_timeAxis->setRange(-600, 0);
    m_valueAxis->setRange(0, 10);
    m_valueAxis->setLabelFormat(QStringLiteral("%d"));
    chart->addAxis(m_timeAxis, Qt::AlignBottom);
    chart->addAxis(m_valueAxis, Qt::AlignLeft);
    for (QLineSeries *series : {m_clones, m_freeVcpus}) {
        series->setPointsVisible(true);
        series->attachAxis(m_timeAxis);
        series->attachAxis(m_valueAxis);
    }
    chart->setTitle(tr("Last ten minutes"));
    auto *view = new QChartView(chart, this);
    view->setRenderHint(QPainter::Antialiasing);
    view->setAccessibleName(tr("Clones and free vCPUs over time"));
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_capacity);
    layout->addWidget(m_counts);
    layout->addWidget(view, 1);
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
    const double t = nowMs / 1000.0;
    m_clones->append(t, clones);
    m_freeVcpus->append(t, freeVcpus);
    for (QLineSeries *series : {m_clones, m_freeVcpus}) {
        while (series->count() > 0 && series->at(0).x() < t - 600)
            series->remove(0);
    }
    m_timeAxis->setRange(std::max(0.0, t - 600), std::max(60.0, t));
    m_valueAxis->setRange(0, std::max({10.0, double(clones) + 1, double(freeVcpus) + 1}));
}

} // namespace clonedeck
