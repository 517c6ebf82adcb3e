#include "DashboardView.h"

#include "ClusterMirror.h"
#include "ClusterSampler.h"
#include "HostCapacityTable.h"
#include "SeriesChart.h"

#include <QComboBox>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QVBoxLayout>

namespace clonedeck {

DashboardView::DashboardView(ClusterSampler *sampler, ClusterMirror *mirror, QWidget *parent)
    : QWidget(parent)
    , m_sampler(sampler)
    , m_mirror(mirror)
    , m_range(new QComboBox(this))
    , m_counts(new QLabel(this))
    , m_hosts(new HostCapacityTable(this))
    , m_activity(new SeriesChart(sampler, tr("Clones, agents and tickets"), true, this))
    , m_rates(new SeriesChart(sampler, tr("Clones started and ended per second"), false, this))
    , m_vcpus(new SeriesChart(sampler, tr("Free vCPUs per host"), true, this))
    , m_memory(new SeriesChart(sampler, tr("Free memory per host (MB)"), true, this))
    , m_charts{m_activity, m_rates, m_vcpus, m_memory}
{
    m_range->setObjectName(QStringLiteral("range"));
    m_range->setAccessibleName(tr("Time range"));
    for (const SeriesChart::Range &range : SeriesChart::ranges())
        m_range->addItem(range.choice);
    m_counts->setAccessibleName(tr("Domains by state"));
    m_activity->setObjectName(QStringLiteral("activity"));
    m_rates->setObjectName(QStringLiteral("rates"));
    m_vcpus->setObjectName(QStringLiteral("vcpus"));
    m_memory->setObjectName(QStringLiteral("memory"));
    m_activity->setLines({{ClusterSampler::kClones, tr("Clones")},
                          {ClusterSampler::kRunningAgents, tr("Running agents")},
                          {ClusterSampler::kPendingTickets, tr("Pending tickets")},
                          {ClusterSampler::kGrantedTickets, tr("Granted tickets")}});
    m_rates->setLines({{ClusterSampler::kCloneRate, tr("Clones started/s")},
                       {ClusterSampler::kJoinRate, tr("Clones ended/s")}});

    auto *top = new QHBoxLayout;
    auto *rangeLabel = new QLabel(tr("&Range:"), this);
    rangeLabel->setBuddy(m_range);
    top->addWidget(rangeLabel);
    top->addWidget(m_range);
    top->addSpacing(12);
    top->addWidget(m_counts, 1);
    auto *charts = new QGridLayout;
    for (int i = 0; i < m_charts.size(); ++i)
        charts->addWidget(m_charts[i], i / 2, i % 2);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(m_hosts);
    layout->addLayout(charts, 1);

    connect(m_range, &QComboBox::currentIndexChanged, this, &DashboardView::applyRange);
    connect(m_sampler, &ClusterSampler::seriesAdded, this, &DashboardView::followHosts);
    connect(m_sampler, &ClusterSampler::sampled, this, &DashboardView::onSampled);
    followHosts();
    applyRange();
    onSampled();
}

void DashboardView::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    onSampled();
}

void DashboardView::applyRange()
{
    const QList<SeriesChart::Range> ranges = SeriesChart::ranges();
    const SeriesChart::Range &range = ranges.value(m_range->currentIndex(), ranges.first());
    for (SeriesChart *chart : std::as_const(m_charts))
        chart->setRange(range);
}

// A line per host on the capacity charts, keyed by the host's name, as the sampler meets hosts.
void DashboardView::followHosts()
{
    QList<SeriesChart::Line> vcpus;
    QList<SeriesChart::Line> memory;
    for (const QString &key : m_sampler->keys()) {
        const QString host = key.section(QLatin1Char('/'), 1, 1);
        if (key == ClusterSampler::hostFreeVcpusKey(host))
            vcpus.append({key, host});
        else if (key == ClusterSampler::hostFreeMemoryKey(host))
            memory.append({key, host});
    }
    m_vcpus->setLines(vcpus);
    m_memory->setLines(memory);
}

// The figures above the charts are taken with each sample too, so they agree with the charts'
// last points (read from the mirror at any other time, they ran up to a period ahead).
// Every second, but only what is on screen: the counts went over every domain and the host
// table refilled itself each second behind other tabs (8 % of the idle console's instructions
// with 1,001 domains, callgrind). The sampler keeps the history; a shown tab catches up at once.
void DashboardView::onSampled()
{
    if (!isVisible())
        return;
    m_hosts->showHosts(m_mirror->hosts());
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
    redrawCharts();
}

// Charts are the costly part (a line of up to 720 points each): drawn only while on screen.
void DashboardView::redrawCharts()
{
    for (SeriesChart *chart : std::as_const(m_charts))
        chart->redraw();
}

} // namespace clonedeck
