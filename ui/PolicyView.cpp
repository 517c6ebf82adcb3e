#include "PolicyView.h"

#include "LaunchProfile.h"
#include "PolicyDecisionModel.h"
#include "PolicyManager.h"

#include <QChart>
#include <QChartView>
#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QLineSeries>
#include <QMessageBox>
#include <QProcess>
#include <QPushButton>
#include <QScrollArea>
#include <QSortFilterProxyModel>
#include <QSpinBox>
#include <QSplitter>
#include <QTableView>
#include <QTimer>
#include <QValueAxis>
#include <QVBoxLayout>

namespace clonedeck {

namespace {
constexpr int kChartSeconds = 600;

QDoubleSpinBox *secondsBox(QWidget *parent, double max)
{
    auto *box = new QDoubleSpinBox(parent);
    box->setDecimals(1);
    box->setRange(0, max);
    box->setSuffix(QObject::tr(" s"));
    return box;
}

QSpinBox *countBox(QWidget *parent, int min, int max)
{
    auto *box = new QSpinBox(parent);
    box->setRange(min, max);
    return box;
}
} // namespace

PolicyView::PolicyView(PolicyManager *policies, QWidget *parent)
    : QWidget(parent)
    , m_policies(policies)
    , m_decisions(new PolicyDecisionModel(5000, this))
    , m_decisionFilter(new QSortFilterProxyModel(this))
    , m_tick(new QTimer(this))
{
    m_clock.start();
    m_decisionFilter->setSourceModel(m_decisions);
    m_decisionFilter->setFilterKeyColumn(PolicyDecisionModel::Cluster);

    auto *splitter = new QSplitter(Qt::Horizontal, this);
    splitter->addWidget(buildEditor());
    splitter->addWidget(buildMonitor());
    splitter->setStretchFactor(1, 2);
    splitter->setSizes({620, 580});
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(splitter);

    connect(m_policies, &PolicyManager::decided, this,
            [this](const QString &cluster, const PolicyDecision &d) {
                m_decisions->append(cluster, d);
                if (cluster == currentCluster()) {
                    m_timeline->scrollToBottom();
                    refreshStatus();
                }
            });
    connect(m_policies, &PolicyManager::engineStateChanged, this, [this](const QString &cluster) {
        if (cluster == currentCluster()) {
            refreshStatus();
            addChartPoint();
        }
    });
    connect(m_policies, &PolicyManager::policiesChanged, this, &PolicyView::reloadClusters);
    connect(m_policies, &PolicyManager::engineStarted, this, &PolicyView::refreshStatus);
    connect(m_policies, &PolicyManager::engineStopped, this, &PolicyView::refreshStatus);
    // The countdown to the next decision moves with time, not with events: a display tick.
    m_tick->setInterval(500);
    connect(m_tick, &QTimer::timeout, this, [this] {
        refreshStatus();
        addChartPoint();
    });
    m_tick->start();
    reloadClusters();
}

QWidget *PolicyView::buildEditor()
{
    auto *editor = new QWidget(this);
    auto *form = new QFormLayout;

    m_cluster = new QComboBox(editor);
    m_cluster->setAccessibleName(tr("Cluster"));
    auto *newButton = new QPushButton(tr("&New policy…"), editor);
    m_remove = new QPushButton(tr("Delete"), editor);
    auto *clusterRow = new QHBoxLayout;
    clusterRow->addWidget(m_cluster, 1);
    clusterRow->addWidget(newButton);
    clusterRow->addWidget(m_remove);
    form->addRow(tr("Cluster:"), clusterRow);

    m_master = countBox(editor, 0, 65535);
    form->addRow(tr("Master domain:"), m_master);

    m_demandKind = new QComboBox(editor);
    m_demandKind->addItem(tr("Manual figure"), int(PolicyConfig::DemandKind::Manual));
    m_demandKind->addItem(tr("Command (prints jobs waiting)"), int(PolicyConfig::DemandKind::Command));
    m_demandKind->addItem(tr("Queue URL (Jenkins JSON)"), int(PolicyConfig::DemandKind::QueueUrl));
    form->addRow(tr("Demand from:"), m_demandKind);
    m_manualDemand = countBox(editor, 0, 10000);
    m_manualDemand->setAccessibleName(tr("Manual demand"));
    form->addRow(tr("Jobs waiting:"), m_manualDemand);
    m_demandCommand = new QLineEdit(editor);
    m_demandCommand->setPlaceholderText(tr("program and arguments, run without a shell"));
    form->addRow(tr("Command:"), m_demandCommand);
    m_queueUrl = new QLineEdit(editor);
    m_queueUrl->setPlaceholderText(QStringLiteral("http://ci.example:8080/queue/api/json"));
    form->addRow(tr("Queue URL:"), m_queueUrl);
    m_pollSeconds = secondsBox(editor, 3600);
    form->addRow(tr("Poll every:"), m_pollSeconds);

    m_inDemandSeconds = secondsBox(editor, 86400);
    form->addRow(tr("Grow after demand for:"), m_inDemandSeconds);
    m_idleSeconds = secondsBox(editor, 86400);
    form->addRow(tr("Shrink after idle for:"), m_idleSeconds);
    m_min = countBox(editor, 0, 10000);
    form->addRow(tr("Minimum clones:"), m_min);
    m_max = countBox(editor, 0, 10000);
    form->addRow(tr("Maximum clones:"), m_max);
    m_perStep = countBox(editor, 1, 1000);
    form->addRow(tr("Clones per step:"), m_perStep);
    m_coolDownSeconds = secondsBox(editor, 86400);
    form->addRow(tr("Cool-down between steps:"), m_coolDownSeconds);
    m_capVcpus = countBox(editor, 0, 1000000);
    m_capVcpus->setSpecialValueText(tr("no cap"));
    form->addRow(tr("vCPU cap:"), m_capVcpus);
    m_capMemory = countBox(editor, 0, 1 << 30);
    m_capMemory->setSpecialValueText(tr("no cap"));
    m_capMemory->setSuffix(tr(" MB"));
    form->addRow(tr("Memory cap:"), m_capMemory);
    m_reapOrphans = new QCheckBox(tr("Destroy orphan clones"), editor);
    m_reapOrphans->setToolTip(tr("Unchecked, orphans are only reported in the timeline."));
    form->addRow(QString(), m_reapOrphans);

    m_agentCommand = new QLineEdit(editor);
    form->addRow(tr("Agent command:"), m_agentCommand);
    m_vcpus = countBox(editor, 1, 1024);
    form->addRow(tr("vCPUs per clone:"), m_vcpus);
    m_memory = countBox(editor, 1, 1 << 30);
    m_memory->setSuffix(tr(" MB"));
    form->addRow(tr("Memory per clone:"), m_memory);
    m_hostKeyPolicy = new QComboBox(editor);
    for (const QString &policy : LaunchProfile::hostKeyPolicies())
        m_hostKeyPolicy->addItem(
            policy == QLatin1String("insecure") ? tr("insecure (no host-key check!)") : policy, policy);
    form->addRow(tr("Host-key policy:"), m_hostKeyPolicy);
    m_teardown = new QComboBox(editor);
    m_teardown->addItem(tr("join"), int(LaunchProfile::Teardown::Join));
    m_teardown->addItem(tr("kill"), int(LaunchProfile::Teardown::Kill));
    form->addRow(tr("End clones by:"), m_teardown);

    m_dryRun = new QCheckBox(tr("Dry run: show decisions, change nothing"), editor);
    form->addRow(QString(), m_dryRun);
    m_enabled = new QCheckBox(tr("&Enabled"), editor);
    m_save = new QPushButton(tr("&Save policy"), editor);
    auto *actions = new QHBoxLayout;
    actions->addWidget(m_enabled);
    actions->addStretch();
    actions->addWidget(m_save);

    auto *inner = new QWidget(editor);
    auto *innerLayout = new QVBoxLayout(inner);
    innerLayout->addLayout(form);
    innerLayout->addStretch();
    auto *scroll = new QScrollArea(editor);
    scroll->setWidget(inner);
    scroll->setWidgetResizable(true);
    auto *layout = new QVBoxLayout(editor);
    layout->addWidget(scroll, 1);
    layout->addLayout(actions);

    connect(m_cluster, &QComboBox::currentTextChanged, this, &PolicyView::load);
    connect(newButton, &QPushButton::clicked, this, &PolicyView::newPolicy);
    connect(m_remove, &QPushButton::clicked, this, &PolicyView::removePolicy);
    connect(m_save, &QPushButton::clicked, this, &PolicyView::save);
    connect(m_enabled, &QCheckBox::clicked, this, &PolicyView::toggleEnabled);
    connect(m_demandKind, &QComboBox::currentIndexChanged, this, &PolicyView::updateDemandFields);
    // A manual figure takes effect at once: it is what an operator turns to test a policy.
    connect(m_manualDemand, &QSpinBox::valueChanged, this, [this](int waiting) {
        if (currentCluster().isEmpty() || !m_policies->config(currentCluster()))
            return;
        if (Status set = m_policies->setManualDemand(currentCluster(), waiting); !set)
            emit message(set.error().toString(), true);
    });
    return editor;
}

QWidget *PolicyView::buildMonitor()
{
    auto *monitor = new QWidget(this);
    m_status = new QLabel(monitor);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_status->setAccessibleName(tr("Policy status"));

    auto *chart = new QChart;
    chart->setTitle(tr("Demand and running agents"));
    m_demandSeries = new QLineSeries(chart);
    m_demandSeries->setName(tr("Demand"));
    m_runningSeries = new QLineSeries(chart);
    m_runningSeries->setName(tr("Running agents"));
    chart->addSeries(m_demandSeries);
    chart->addSeries(m_runningSeries);
    m_timeAxis = new QValueAxis(chart);
    m_timeAxis->setTitleText(tr("seconds"));
    m_timeAxis->setRange(0, 60);
    m_countAxis = new QValueAxis(chart);
    m_countAxis->setRange(0, 5);
    m_countAxis->setLabelFormat(QStringLiteral("%d"));
    chart->addAxis(m_timeAxis, Qt::AlignBottom);
    chart->addAxis(m_countAxis, Qt::AlignLeft);
    for (QLineSeries *series : {m_demandSeries, m_runningSeries}) {
        series->attachAxis(m_timeAxis);
        series->attachAxis(m_countAxis);
    }
    auto *chartView = new QChartView(chart, monitor);
    chartView->setMinimumHeight(180);

    m_timeline = new QTableView(monitor);
    m_timeline->setModel(m_decisionFilter);
    m_timeline->setAccessibleName(tr("Policy decisions"));
    m_timeline->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_timeline->verticalHeader()->hide();
    m_timeline->setWordWrap(false);
    m_timeline->horizontalHeader()->setStretchLastSection(false);
    m_timeline->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_timeline->horizontalHeader()->setSectionResizeMode(PolicyDecisionModel::Reason, QHeaderView::Stretch);
    m_timeline->setColumnHidden(PolicyDecisionModel::Cluster, true);

    auto *layout = new QVBoxLayout(monitor);
    layout->addWidget(m_status);
    layout->addWidget(chartView, 2);
    layout->addWidget(new QLabel(tr("Decisions:"), monitor));
    layout->addWidget(m_timeline, 3);
    return monitor;
}

QString PolicyView::currentCluster() const
{
    return m_cluster->currentText();
}

void PolicyView::selectCluster(const QString &cluster)
{
    m_cluster->setCurrentText(cluster);
}

void PolicyView::reloadClusters()
{
    const QString current = currentCluster();
    const QSignalBlocker blocker(m_cluster);
    m_cluster->clear();
    m_cluster->addItems(m_policies->clusters());
    if (!current.isEmpty() && m_cluster->findText(current) >= 0)
        m_cluster->setCurrentText(current);
    load(currentCluster());
}

void PolicyView::load(const QString &cluster)
{
    const bool exists = !cluster.isEmpty();
    for (QWidget *w : std::initializer_list<QWidget *>{m_save, m_remove, m_enabled, m_dryRun})
        w->setEnabled(exists);
    m_decisionFilter->setFilterRegularExpression(
        QRegularExpression(QStringLiteral("^%1$").arg(QRegularExpression::escape(cluster))));
    m_demandSeries->clear();
    m_runningSeries->clear();
    if (!exists) {
        refreshStatus();
        return;
    }
    Result<PolicyConfig> loaded = m_policies->config(cluster);
    if (!loaded) {
        emit message(loaded.error().toString(), true);
        return;
    }
    const PolicyConfig &c = *loaded;
    const QSignalBlocker demandBlocker(m_manualDemand);
    m_master->setValue(c.masterDomid);
    m_demandKind->setCurrentIndex(m_demandKind->findData(int(c.demandKind)));
    m_manualDemand->setValue(c.manualDemand);
    m_demandCommand->setText(c.demandCommand.join(QLatin1Char(' ')));
    m_queueUrl->setText(c.queueUrl.toString());
    m_pollSeconds->setValue(c.pollIntervalMs / 1000.0);
    m_inDemandSeconds->setValue(c.inDemandDelayMs / 1000.0);
    m_idleSeconds->setValue(c.idleDelayMs / 1000.0);
    m_min->setValue(c.minClones);
    m_max->setValue(c.maxClones);
    m_perStep->setValue(c.maxPerStep);
    m_coolDownSeconds->setValue(c.coolDownMs / 1000.0);
    m_capVcpus->setValue(c.capVcpus);
    m_capMemory->setValue(int(c.capMemoryMb));
    m_reapOrphans->setChecked(c.reapOrphans);
    m_agentCommand->setText(c.profile.command);
    m_vcpus->setValue(c.profile.vcpus);
    m_memory->setValue(int(c.profile.memoryMb));
    m_hostKeyPolicy->setCurrentIndex(std::max(0, m_hostKeyPolicy->findData(c.profile.hostKeyPolicy)));
    m_teardown->setCurrentIndex(m_teardown->findData(int(c.profile.teardown)));
    m_dryRun->setChecked(c.dryRun);
    m_enabled->setChecked(c.enabled);
    updateDemandFields();
    refreshStatus();
}

PolicyConfig PolicyView::editedConfig() const
{
    // Start from what is stored so fields the editor does not show (timeouts, identities) survive.
    const Result<PolicyConfig> stored = m_policies->config(currentCluster());
    PolicyConfig c = stored ? stored.value() : PolicyConfig{};
    c.cluster = currentCluster();
    c.masterDomid = m_master->value();
    c.demandKind = PolicyConfig::DemandKind(m_demandKind->currentData().toInt());
    c.manualDemand = m_manualDemand->value();
    c.demandCommand = QProcess::splitCommand(m_demandCommand->text());
    c.queueUrl = QUrl(m_queueUrl->text().trimmed());
    c.pollIntervalMs = int(m_pollSeconds->value() * 1000);
    c.inDemandDelayMs = int(m_inDemandSeconds->value() * 1000);
    c.idleDelayMs = int(m_idleSeconds->value() * 1000);
    c.minClones = m_min->value();
    c.maxClones = m_max->value();
    c.maxPerStep = m_perStep->value();
    c.coolDownMs = int(m_coolDownSeconds->value() * 1000);
    c.capVcpus = m_capVcpus->value();
    c.capMemoryMb = m_capMemory->value();
    c.reapOrphans = m_reapOrphans->isChecked();
    c.profile.command = m_agentCommand->text();
    c.profile.vcpus = m_vcpus->value();
    c.profile.memoryMb = m_memory->value();
    c.profile.hostKeyPolicy = m_hostKeyPolicy->currentData().toString();
    c.profile.teardown = LaunchProfile::Teardown(m_teardown->currentData().toInt());
    c.dryRun = m_dryRun->isChecked();
    c.enabled = m_enabled->isChecked();
    return c;
}

void PolicyView::save()
{
    const PolicyConfig config = editedConfig();
    if (m_policies->engine(config.cluster)) {
        const auto answer = QMessageBox::question(
            this, tr("Restart policy"),
            tr("The policy of %1 is running. Saving restarts it: the agents it started are stopped and their "
               "clones ended. Save anyway?")
                .arg(config.cluster));
        if (answer != QMessageBox::Yes)
            return;
    }
    if (Status saved = m_policies->save(config); !saved) {
        emit message(tr("Policy of %1 not saved: %2").arg(config.cluster, saved.error().toString()), true);
        return;
    }
    emit message(tr("Policy of %1 saved.").arg(config.cluster), false);
}

void PolicyView::newPolicy()
{
    bool ok = false;
    const QString name =
        QInputDialog::getText(this, tr("New policy"), tr("Cluster name:"), QLineEdit::Normal, QString(), &ok)
            .trimmed();
    if (!ok || name.isEmpty())
        return;
    if (m_policies->clusters().contains(name)) {
        selectCluster(name);
        return;
    }
    PolicyConfig config;
    config.cluster = name;
    if (Status saved = m_policies->save(config); !saved) {
        emit message(tr("Policy of %1 not created: %2").arg(name, saved.error().toString()), true);
        return;
    }
    selectCluster(name);
}

void PolicyView::removePolicy()
{
    const QString cluster = currentCluster();
    if (cluster.isEmpty())
        return;
    const auto answer = QMessageBox::question(
        this, tr("Delete policy"),
        tr("Delete the policy of %1? If it runs, its agents are stopped and their clones ended.")
            .arg(cluster));
    if (answer != QMessageBox::Yes)
        return;
    if (Status removed = m_policies->remove(cluster); !removed)
        emit message(removed.error().toString(), true);
}

void PolicyView::toggleEnabled(bool enabled)
{
    const QString cluster = currentCluster();
    if (Status set = m_policies->setEnabled(cluster, enabled); !set) {
        emit message(tr("Policy of %1: %2").arg(cluster, set.error().toString()), true);
        const QSignalBlocker blocker(m_enabled);
        m_enabled->setChecked(!enabled);
        return;
    }
    emit message(enabled ? tr("Policy of %1 enabled.").arg(cluster)
                         : tr("Policy of %1 disabled.").arg(cluster),
                 false);
}

void PolicyView::updateDemandFields()
{
    const auto kind = PolicyConfig::DemandKind(m_demandKind->currentData().toInt());
    m_manualDemand->setEnabled(kind == PolicyConfig::DemandKind::Manual);
    m_demandCommand->setEnabled(kind == PolicyConfig::DemandKind::Command);
    m_queueUrl->setEnabled(kind == PolicyConfig::DemandKind::QueueUrl);
    m_pollSeconds->setEnabled(kind != PolicyConfig::DemandKind::Manual);
}

void PolicyView::refreshStatus()
{
    const QString cluster = currentCluster();
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

void PolicyView::addChartPoint()
{
    PolicyEngine *engine = m_policies->engine(currentCluster());
    if (engine == nullptr)
        return;
    const double t = m_clock.elapsed() / 1000.0;
    m_demandSeries->append(t, engine->demand());
    m_runningSeries->append(t, engine->running());
    for (QLineSeries *series : {m_demandSeries, m_runningSeries}) {
        while (series->count() > 0 && series->at(0).x() < t - kChartSeconds)
            series->remove(0);
    }
    m_timeAxis->setRange(std::max(0.0, t - kChartSeconds), std::max(60.0, t));
    const int top = std::max({5, engine->demand(), engine->running(), int(m_countAxis->max())});
    m_countAxis->setRange(0, top);
}

} // namespace clonedeck
