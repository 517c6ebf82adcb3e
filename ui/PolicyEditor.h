#pragma once

// The policy panel's editor: per cluster, every field of its elastic policy (demand
// source, delays, bounds, caps, the agent's launch), enable and dry-run switches, and
// new / save / delete. A manual demand figure takes effect at once. Everything goes
// through PolicyManager; saving a running policy or deleting one asks first.
#include <QWidget>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLineEdit;
class QPushButton;
class QSpinBox;

namespace clonedeck {

class PolicyManager;
struct PolicyConfig;

class PolicyEditor : public QWidget
{
    Q_OBJECT

public:
    explicit PolicyEditor(PolicyManager *policies, QWidget *parent = nullptr);

    QString currentCluster() const;
    void selectCluster(const QString &cluster);
    QSpinBox *manualDemandBox() const { return m_manualDemand; }
    QCheckBox *enabledBox() const { return m_enabled; }
    QCheckBox *dryRunBox() const { return m_dryRun; }
    QPushButton *saveButton() const { return m_save; }

signals:
    void clusterChanged(const QString &cluster);
    void message(const QString &text, bool error);

private:
    void buildForm();
    void reloadClusters();
    void load(const QString &cluster);
    PolicyConfig editedConfig() const;
    void save();
    void newPolicy();
    void removePolicy();
    void toggleEnabled(bool enabled);
    void updateDemandFields();

    PolicyManager *m_policies;
    QComboBox *m_cluster;
    QSpinBox *m_master;
    QComboBox *m_demandKind;
    QSpinBox *m_manualDemand;
    QLineEdit *m_demandCommand;
    QLineEdit *m_queueUrl;
    QDoubleSpinBox *m_pollSeconds;
    QDoubleSpinBox *m_inDemandSeconds;
    QDoubleSpinBox *m_idleSeconds;
    QSpinBox *m_min;
    QSpinBox *m_max;
    QSpinBox *m_perStep;
    QDoubleSpinBox *m_coolDownSeconds;
    QSpinBox *m_capVcpus;
    QSpinBox *m_capMemory;
    QCheckBox *m_reapOrphans;
    QLineEdit *m_agentCommand;
    QSpinBox *m_vcpus;
    QSpinBox *m_memory;
    QComboBox *m_hostKeyPolicy;
    QComboBox *m_teardown;
    QCheckBox *m_dryRun;
    QCheckBox *m_enabled;
    QPushButton *m_save;
    QPushButton *m_remove;
};

} // namespace clonedeck
