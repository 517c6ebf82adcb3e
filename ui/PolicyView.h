#pragma once

// The policy panel: per cluster, an editor for its elastic policy, enable/disable and
// dry-run switches, what the engine sees now (demand, target, active, running and the
// next decision with its countdown), a chart of demand against running agents, and the
// timeline of decisions with their reasons. Everything goes through PolicyManager.
#include <QElapsedTimer>
#include <QWidget>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QLineSeries;
class QPushButton;
class QSortFilterProxyModel;
class QSpinBox;
class QTableView;
class QTimer;
class QValueAxis;

namespace clonedeck {

class PolicyDecisionModel;
class PolicyManager;
struct PolicyConfig;

class PolicyView : public QWidget
{
    Q_OBJECT

public:
    explicit PolicyView(PolicyManager *policies, QWidget *parent = nullptr);

    QString currentCluster() const;
    void selectCluster(const QString &cluster);
    QTableView *timelineView() const { return m_timeline; }
    QLabel *statusLabel() const { return m_status; }

    // Editor access for tests and the command palette.
    QSpinBox *manualDemandBox() const { return m_manualDemand; }
    QCheckBox *enabledBox() const { return m_enabled; }
    QCheckBox *dryRunBox() const { return m_dryRun; }
    QPushButton *saveButton() const { return m_save; }

signals:
    void message(const QString &text, bool error);

private:
    QWidget *buildEditor();
    QWidget *buildMonitor();
    void reloadClusters();
    void load(const QString &cluster);
    PolicyConfig editedConfig() const;
    void save();
    void newPolicy();
    void removePolicy();
    void toggleEnabled(bool enabled);
    void updateDemandFields();
    void refreshStatus();
    void addChartPoint();

    PolicyManager *m_policies;
    PolicyDecisionModel *m_decisions;
    QSortFilterProxyModel *m_decisionFilter;
    QElapsedTimer m_clock;

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

    QLabel *m_status;
    QTableView *m_timeline;
    QLineSeries *m_demandSeries;
    QLineSeries *m_runningSeries;
    QValueAxis *m_timeAxis;
    QValueAxis *m_countAxis;
    QTimer *m_tick;
};

} // namespace clonedeck
