#include "DashboardView.h"

#include "ClusterMirror.h"
#include "ClusterSampler.h"
#include "HostCapacityTable.h"
#include "PlatformConnection.h"
#include "PlatformConnections.h"
#include "SeriesChart.h"

#include <QComboBox>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QSignalBlocker>
#include <QVBoxLayout>

namespace clonedeck {

DashboardView::DashboardView(ClusterSampler *sampler, PlatformConnections *platforms, QWidget *parent)
    : QWidget(parent)
    , m_sampler(sampler)
    , m_platforms(platforms)
    , m_range(new QComboBox(this))
    , m_host(new QComboBox(this))
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
    m_host->setObjectName(QStringLiteral("host"));
    m_host->setAccessibleName(tr("Host"));
    m_counts->setAccessibleName(tr("Domains by state"));
    m_activity->setObjectName(QStringLiteral("activity"));
    m_rates->setObjectName(QStringLiteral("rates"));
    m_vcpus->setObjectName(QStringLiteral("vcpus"));
    m_memory->setObjectName(QStringLiteral("memory"));
    m_rates->setLines({{ClusterSampler::kCloneRate, tr("Clones started/s")},
                       {ClusterSampler::kJoinRate, tr("Clones ended/s")}});

    auto *top = new QHBoxLayout;
    auto *rangeLabel = new QLabel(tr("&Range:"), this);
    rangeLabel->setBuddy(m_range);
    top->addWidget(rangeLabel);
    top->addWidget(m_range);
    auto *hostLabel = new QLabel(tr("H&ost:"), this);
    hostLabel->setBuddy(m_host);
    top->addWidget(hostLabel);
    top->addWidget(m_host);
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
    connect(m_host, &QComboBox::currentIndexChanged, this, [this] {
        followHosts();
        onSampled();
    });
    connect(m_platforms, &PlatformConnections::added, this, &DashboardView::listPlatforms);
    // Queued: while it is being removed, the connection is still listed.
    connect(m_platforms, &PlatformConnections::removing, this, &DashboardView::listPlatforms,
            Qt::QueuedConnection);
    listPlatforms();
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

void DashboardView::listPlatforms()
{
    const QString chosen = m_host->currentData().toString();
    const QSignalBlocker quiet(m_host);
    m_host->clear();
    m_host->addItem(tr("All hosts"), QString());
    for (const PlatformConnection *platform : m_platforms->all())
        m_host->addItem(platform->name(), platform->name());
    m_host->setCurrentIndex(std::max(0, m_host->findData(chosen)));
    followHosts();
    onSampled();
}

QList<PlatformConnection *> DashboardView::shownPlatforms() const
{
    const QString chosen = m_host->currentData().toString();
    if (chosen.isEmpty())
        return m_platforms->all();
    PlatformConnection *platform = m_platforms->find(chosen);
    return platform ? QList<PlatformConnection *>{platform} : QList<PlatformConnection *>{};
}

// The activity lines of the chosen host (or the sums), and a line per host of the shown platforms
// on the capacity charts, as the sampler meets them.
void DashboardView::followHosts()
{
    const QString chosen = m_host->currentData().toString();
    const auto key = [&chosen](const QString &series) {
        return chosen.isEmpty() ? series : ClusterSampler::platformKey(chosen, series);
    };
    m_activity->setLines({{key(ClusterSampler::kClones), tr("Clones")},
                          {key(ClusterSampler::kRunningAgents), tr("Running agents")},
                          {key(ClusterSampler::kPendingTickets), tr("Pending tickets")},
                          {key(ClusterSampler::kGrantedTickets), tr("Granted tickets")}});
    QList<SeriesChart::Line> vcpus;
    QList<SeriesChart::Line> memory;
    for (const PlatformConnection *platform : shownPlatforms()) {
        const bool primary = platform == m_platforms->primary();
        for (const HostInfo &host : platform->mirror()->hosts()) {
            const QString label = ClusterSampler::hostLabel(platform->name(), host.name, primary);
            if (m_sampler->series(ClusterSampler::hostFreeVcpusKey(label)))
                vcpus.append({ClusterSampler::hostFreeVcpusKey(label), label});
            if (m_sampler->series(ClusterSampler::hostFreeMemoryKey(label)))
                memory.append({ClusterSampler::hostFreeMemoryKey(label), label});
        }
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
    QMap<QString, HostInfo> hosts;
    int domains = 0;
    int clones = 0;
    QMap<QString, int> byState;
    for (const PlatformConnection *platform : shownPlatforms()) {
        const bool primary = platform == m_platforms->primary();
        for (HostInfo host : platform->mirror()->hosts()) {
            host.name = ClusterSampler::hostLabel(platform->name(), host.name, primary);
            hosts.insert(host.name, host);
        }
        domains += int(platform->mirror()->domains().size());
        for (const DomainInfo &d : platform->mirror()->domains()) {
            clones += d.role == DomainRole::Clone ? 1 : 0;
            byState[toString(d.state)] += 1;
        }
    }
    m_hosts->showHosts(hosts);
    QStringList parts;
    for (auto it = byState.begin(); it != byState.end(); ++it)
        parts.append(QStringLiteral("%1 %2").arg(it.value()).arg(it.key()));
    m_counts->setText(
        tr("Domains: %1 (%2 clones) — %3").arg(domains).arg(clones).arg(parts.join(QStringLiteral(", "))));
    redrawCharts();
}

// Charts are the costly part (a line of up to 720 points each): drawn only while on screen.
void DashboardView::redrawCharts()
{
    for (SeriesChart *chart : std::as_const(m_charts))
        chart->redraw();
}

} // namespace clonedeck
