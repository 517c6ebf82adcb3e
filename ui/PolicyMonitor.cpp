#include "PolicyMonitor.h"

#include "PolicyDecisionModel.h"
#include "PolicyManager.h"

#include "TimeChart.h"

#include <QHeaderView>
#include <QLabel>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

namespace clonedeck {

PolicyMonitor::PolicyMonitor(PolicyManager *policies, QWidget *parent)
    : QWidget(parent)
    , m_policies(policies)
    , m_decisions(new PolicyDecisionModel(5000, this))
    , m_decisionFilter(new QSortFilterProxyModel(this))
    , m_status(new QLabel(this))
    , m_timeline(new QTableView(this))
    , m_chart(new TimeChart(tr("Demand and running agents"), tr("Demand"), tr("Running agents"), 5, this))
    , m_tick(new QTimer(this))
{
    m_clock.start();
    m_decisionFilter->setSourceModel(m_decisions);
    m_decisionFilter->setFilterKeyColumn(PolicyDecisionModel::Cluster);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_status->setAccessibleName(tr("Policy status"));
    m_timeline->setModel(m_decisionFilter);
    m_timeline->setAccessibleName(tr("Policy decisions"));
    m_timeline->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_timeline->verticalHeader()->hide();
    m_timeline->setWordWrap(false);
    m_timeline->horizontalHeader()->setStretchLastSection(false);
    m_timeline->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_timeline->horizontalHeader()->setSectionResizeMode(PolicyDecisionModel::Reason, QHeaderView::Stretch);
    m_timeline->setColumnHidden(PolicyDecisionModel::Cluster, true);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_status);
    layout->addWidget(m_chart, 2);
    layout->addWidget(new QLabel(tr("Decisions:"), this));
    layout->addWidget(m_timeline, 3);

    connect(m_policies, &PolicyManager::decided, this,
            [this](const QString &cluster, const PolicyDecision &d) {
                m_decisions->append(cluster, d);
                if (cluster == m_cluster) {
                    m_timeline->scrollToBottom();
                    refreshStatus();
                }
            });
    connect(m_policies, &PolicyManager::engineStateChanged, this, [this](const QString &cluster) {
        if (cluster == m_cluster) {
            refreshStatus();
            addChartPoint();
        }
    });
    connect(m_policies, &PolicyManager::engineStarted, this, &PolicyMonitor::refreshStatus);
    connect(m_policies, &PolicyManager::engineStopped, this, &PolicyMonitor::refreshStatus);
    // The countdown to the next decision moves with time, not with events: a display tick.
    m_tick->setInterval(500);
    connect(m_tick, &QTimer::timeout, this, [this] {
        refreshStatus();
        addChartPoint();
    });
    m_tick->start();
    refreshStatus();
}

void PolicyMonitor::setCluster(const QString &cluster)
{
    m_cluster = cluster;
    m_decisionFilter->setFilterRegularExpression(
        QRegularExpression(QStringLiteral("^%1$").arg(QRegularExpression::escape(cluster))));
    m_chart->clear();
    refreshStatus();
}

void PolicyMonitor::refreshStatus()
{
    const QString &cluster = m_cluster;
    if (cluster.isEmpty()) {
        m_status->setText(tr("No policy yet: create one with “New policy…”."));
        return;
    }
    PolicyEngine *engine = m_policies->engine(cluster);
    if (engine == nullptr) {
        m_status->setText(tr("Policy of %1 is disabled.").arg(cluster));
        return;
    }
    const PolicyConfig &c = engine->config();
    const int target = std::clamp(engine->demand(), c.minClones, c.maxClones);
    const qint64 next = engine->nextDecisionInMs();
    const QString nextText = next < 0 ? tr("when demand or agents change")
                                      : tr("in %1 s").arg(QString::number(next / 1000.0, 'f', 1));
    m_status->setText(tr("%1demand %2 · target %3 · active %4 · running %5 · next decision %6")
                          .arg(c.dryRun ? tr("DRY RUN · ") : QString())
                          .arg(engine->demand())
                          .arg(target)
                          .arg(engine->active())
                          .arg(engine->running())
                          .arg(nextText));
}

void PolicyMonitor::addChartPoint()
{
    if (PolicyEngine *engine = m_policies->engine(m_cluster))
        m_chart->add(m_clock.elapsed() / 1000.0, engine->demand(), engine->running());
}

} // namespace clonedeck
