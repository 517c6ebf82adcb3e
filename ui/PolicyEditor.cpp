#include "PolicyEditor.h"

#include "HostKeyPolicyNames.h"
#include "LaunchProfile.h"
#include "PolicyManager.h"
#include "Prompts.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QProcess>
#include <QPushButton>
#include <QScrollArea>
#include <QSpinBox>
#include <QVBoxLayout>

namespace clonedeck {

namespace {
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

PolicyEditor::PolicyEditor(PolicyManager *policies, QWidget *parent)
    : QWidget(parent)
    , m_policies(policies)
{
    buildForm();
    connect(m_policies, &PolicyManager::policiesChanged, this, &PolicyEditor::reloadClusters);
    reloadClusters();
}

void PolicyEditor::buildForm()
{
    QWidget *editor = this;
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
    for (const QString &policy : hostkeys::names())
        m_hostKeyPolicy->addItem(hostkeys::checksKeys(policy) ? policy : tr("insecure (no host-key check!)"),
                                 policy);
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
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(scroll, 1);
    layout->addLayout(actions);

    connect(m_cluster, &QComboBox::currentTextChanged, this, &PolicyEditor::load);
    connect(newButton, &QPushButton::clicked, this, &PolicyEditor::newPolicy);
    connect(m_remove, &QPushButton::clicked, this, &PolicyEditor::removePolicy);
    connect(m_save, &QPushButton::clicked, this, &PolicyEditor::save);
    connect(m_enabled, &QCheckBox::clicked, this, &PolicyEditor::toggleEnabled);
    connect(m_demandKind, &QComboBox::currentIndexChanged, this, &PolicyEditor::updateDemandFields);
    // A manual figure takes effect at once: it is what an operator turns to test a policy.
    connect(m_manualDemand, &QSpinBox::valueChanged, this, [this](int waiting) {
        if (currentCluster().isEmpty() || !m_policies->config(currentCluster()))
            return;
        if (Status set = m_policies->setManualDemand(currentCluster(), waiting); !set)
            emit message(set.error().toString(), true);
    });
}

QString PolicyEditor::currentCluster() const
{
    return m_cluster->currentText();
}

void PolicyEditor::selectCluster(const QString &cluster)
{
    m_cluster->setCurrentText(cluster);
}

void PolicyEditor::reloadClusters()
{
    const QString current = currentCluster();
    const QSignalBlocker blocker(m_cluster);
    m_cluster->clear();
    m_cluster->addItems(m_policies->clusters());
    if (!current.isEmpty() && m_cluster->findText(current) >= 0)
        m_cluster->setCurrentText(current);
    load(currentCluster());
}

void PolicyEditor::load(const QString &cluster)
{
    const bool exists = !cluster.isEmpty();
    for (QWidget *w : std::initializer_list<QWidget *>{m_save, m_remove, m_enabled, m_dryRun})
        w->setEnabled(exists);
    emit clusterChanged(cluster);
    if (!exists)
        return;
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
}

PolicyConfig PolicyEditor::editedConfig() const
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

void PolicyEditor::save()
{
    const PolicyConfig config = editedConfig();
    const auto store = [this, config] {
        if (Status saved = m_policies->save(config); !saved)
            return emit message(
                tr("Policy of %1 not saved: %2").arg(config.cluster, saved.error().toString()), true);
        emit message(tr("Policy of %1 saved.").arg(config.cluster), false);
    };
    if (!m_policies->engine(config.cluster))
        return store();
    Prompts::confirm(
        this, tr("Restart policy"),
        tr("The policy of %1 is running. Saving restarts it: the agents it started are stopped and their "
           "clones ended. Save anyway?")
            .arg(config.cluster),
        QString(), store);
}

void PolicyEditor::newPolicy()
{
    Prompts::text(this, tr("New policy"), tr("Cluster name:"), [this](const QString &name) {
        if (!m_policies->clusters().contains(name)) {
            PolicyConfig config;
            config.cluster = name;
            if (Status saved = m_policies->save(config); !saved)
                return emit message(tr("Policy of %1 not created: %2").arg(name, saved.error().toString()),
                                    true);
        }
        selectCluster(name);
    });
}

void PolicyEditor::removePolicy()
{
    const QString cluster = currentCluster();
    if (cluster.isEmpty())
        return;
    Prompts::confirm(this, tr("Delete policy"),
                     tr("Delete the policy of %1? If it runs, its agents are stopped and their clones ended.")
                         .arg(cluster),
                     QString(), [this, cluster] {
                         if (Status removed = m_policies->remove(cluster); !removed)
                             emit message(removed.error().toString(), true);
                     });
}

void PolicyEditor::toggleEnabled(bool enabled)
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

void PolicyEditor::updateDemandFields()
{
    const auto kind = PolicyConfig::DemandKind(m_demandKind->currentData().toInt());
    m_manualDemand->setEnabled(kind == PolicyConfig::DemandKind::Manual);
    m_demandCommand->setEnabled(kind == PolicyConfig::DemandKind::Command);
    m_queueUrl->setEnabled(kind == PolicyConfig::DemandKind::QueueUrl);
    m_pollSeconds->setEnabled(kind != PolicyConfig::DemandKind::Manual);
}

} // namespace clonedeck
