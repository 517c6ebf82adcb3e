#pragma once

// The launcher test bench: configure one launch (a LaunchProfile), run it through
// LaunchPipeline straight or one step at a time, watch each step's timing, outcome and
// output in a timeline, tear it down in one click, and save or load the profile as JSON.
#include "LaunchPipeline.h"
#include "LaunchProfile.h"

#include <QPointer>
#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;
class QTableView;

namespace clonedeck {

class ConsoleCore;
class LaunchTimelineModel;

class TestBenchView : public QWidget
{
    Q_OBJECT
public:
    explicit TestBenchView(ConsoleCore &core, QWidget *parent = nullptr);
    ~TestBenchView() override;

    LaunchProfile profile() const;
    void setProfile(const LaunchProfile &profile);
    Status saveProfile(const QString &path) const;
    Status loadProfile(const QString &path);

    void run(bool stepByStep);
    void nextStep();
    void tearDown();
    bool isRunning() const;
    bool isPaused() const { return m_paused; }

    LaunchTimelineModel *timeline() const { return m_timeline; }
    QTableView *timelineView() const { return m_timelineView; }
    QPlainTextEdit *outputView() const { return m_output; }
    LaunchPipeline *pipeline() const { return m_pipeline; }

signals:
    void runFinished(bool succeeded, int exitCode, const QString &error);

private:
    QWidget *buildForm();
    void setStatus(const QString &text);
    void updateButtons();
    int masterDomid() const;
    void saveAs();
    void openProfile();

    ConsoleCore &m_core;
    LaunchTimelineModel *m_timeline;
    QPointer<LaunchPipeline> m_pipeline;
    bool m_paused = false;
    QString m_profileName = QStringLiteral("default");

    QSpinBox *m_count;
    QSpinBox *m_vcpus;
    QSpinBox *m_memory;
    QSpinBox *m_ticketTimeout;
    QLineEdit *m_command;
    QLineEdit *m_user;
    QComboBox *m_policy;
    QLabel *m_policyWarning;
    QSpinBox *m_launchTimeout;
    QSpinBox *m_idle;
    QComboBox *m_teardown;
    QPushButton *m_runButton;
    QPushButton *m_stepButton;
    QPushButton *m_teardownButton;
    QLabel *m_status;
    QTableView *m_timelineView;
    QPlainTextEdit *m_output;
};

} // namespace clonedeck
