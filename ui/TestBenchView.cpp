#include "TestBenchView.h"

#include "ConsoleCore.h"
#include "ConsoleSettings.h"
#include "HostKeyPolicyRegistry.h"
#include "LaunchPipeline.h"
#include "LaunchTimelineModel.h"
#include "Log.h"
#include "Operations.h"
#include "Prompts.h"

#include <QComboBox>
#include <QFile>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSaveFile>
#include <QSpinBox>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

namespace clonedeck {

namespace {
QSpinBox *spin(const QString &name, int minimum, int maximum, int step, const QString &suffix,
               QWidget *parent)
{
    auto *box = new QSpinBox(parent);
    box->setObjectName(name);
    box->setRange(minimum, maximum);
    box->setSingleStep(step);
    box->setSuffix(suffix);
    return box;
}
} // namespace

TestBenchView::TestBenchView(ConsoleCore &core, QWidget *parent)
    : QWidget(parent)
    , m_core(core)
    , m_timeline(new LaunchTimelineModel(this))
    , m_status(new QLabel(this))
    , m_timelineView(new QTableView(this))
    , m_output(new QPlainTextEdit(this))
{
    m_timelineView->setObjectName(QStringLiteral("timeline"));
    m_timelineView->setAccessibleName(tr("Launch timeline"));
    m_timelineView->setModel(m_timeline);
    m_timelineView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_timelineView->verticalHeader()->hide();
    m_timelineView->horizontalHeader()->setStretchLastSection(true);
    m_timelineView->horizontalHeader()->resizeSection(LaunchTimelineModel::Step, 130);
    m_output->setObjectName(QStringLiteral("benchOutput"));
    m_output->setAccessibleName(tr("Agent output"));
    m_output->setPlaceholderText(tr("Agent output"));
    m_output->setReadOnly(true);
    m_output->setMaximumBlockCount(5000);
    m_output->setFont(QFont(QStringLiteral("monospace")));
    m_status->setObjectName(QStringLiteral("benchStatus"));
    m_status->setText(tr("Configure a launch, then run it straight through or step by step."));

    auto *right = new QSplitter(Qt::Vertical, this);
    right->addWidget(m_timelineView);
    right->addWidget(m_output);
    auto *split = new QSplitter(Qt::Horizontal, this);
    split->addWidget(buildForm());
    split->addWidget(right);
    split->setStretchFactor(1, 1);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(split, 1);
    layout->addWidget(m_status);

    setProfile(LaunchProfile{});
    updateButtons();
}

TestBenchView::~TestBenchView()
{
    if (m_pipeline && !m_pipeline->isFinished())
        m_pipeline->cancel(); // best effort: the teardown's platform calls run on, even once we are gone
}

QWidget *TestBenchView::buildForm()
{
    auto *form = new QWidget(this);
    auto *layout = new QFormLayout(form);
    m_count = spin(QStringLiteral("count"), 1, 64, 1, QString(), form);
    m_vcpus = spin(QStringLiteral("vcpus"), 1, 64, 1, QString(), form);
    m_memory = spin(QStringLiteral("memory"), 16, 1 << 20, 64, tr(" MB"), form);
    m_ticketTimeout = spin(QStringLiteral("ticketTimeout"), 0, 3600000, 1000, tr(" ms"), form);
    m_command = new QLineEdit(form);
    m_command->setObjectName(QStringLiteral("command"));
    m_user = new QLineEdit(form);
    m_user->setObjectName(QStringLiteral("user"));
    m_user->setPlaceholderText(qEnvironmentVariable("USER"));
    m_policy = new QComboBox(form);
    m_policy->setObjectName(QStringLiteral("hostKeyPolicy"));
    for (const QString &name : hostkeys::names())
        m_policy->addItem(name, name);
    m_policyWarning =
        new QLabel(tr("Host keys will NOT be checked: anyone on the path can impersonate the clones."), form);
    m_policyWarning->setWordWrap(true);
    m_policyWarning->setStyleSheet(QStringLiteral("color: #b00020; font-weight: bold"));
    connect(m_policy, &QComboBox::currentIndexChanged, this, [this] {
        m_policyWarning->setVisible(!hostkeys::checksKeys(m_policy->currentData().toString()));
    });
    m_launchTimeout = spin(QStringLiteral("launchTimeout"), 1000, 3600000, 1000, tr(" ms"), form);
    m_idle = spin(QStringLiteral("idleSeconds"), 0, 86400, 10, tr(" s"), form);
    m_idle->setSpecialValueText(tr("off"));
    m_teardown = new QComboBox(form);
    m_teardown->setObjectName(QStringLiteral("teardown"));
    m_teardown->addItem(tr("join the clones"), int(LaunchProfile::Teardown::Join));
    m_teardown->addItem(tr("kill the clones"), int(LaunchProfile::Teardown::Kill));

    layout->addRow(tr("&Clones"), m_count);
    layout->addRow(tr("vCPUs each"), m_vcpus);
    layout->addRow(tr("Memory each"), m_memory);
    layout->addRow(tr("Ticket timeout"), m_ticketTimeout);
    layout->addRow(tr("Agent co&mmand"), m_command);
    layout->addRow(tr("SSH user"), m_user);
    layout->addRow(tr("Host-key policy"), m_policy);
    layout->addRow(m_policyWarning);
    layout->addRow(tr("Launch timeout"), m_launchTimeout);
    layout->addRow(tr("Idle after"), m_idle);
    layout->addRow(tr("Tear down by"), m_teardown);

    m_runButton = new QPushButton(tr("&Run"), form);
    m_runButton->setObjectName(QStringLiteral("run"));
    m_stepButton = new QPushButton(tr("Step &by step"), form);
    m_stepButton->setObjectName(QStringLiteral("step"));
    m_teardownButton = new QPushButton(tr("Tear &down"), form);
    m_teardownButton->setObjectName(QStringLiteral("tearDown"));
    auto *save = new QPushButton(tr("&Save profile…"), form);
    save->setObjectName(QStringLiteral("saveProfile"));
    auto *load = new QPushButton(tr("L&oad profile…"), form);
    load->setObjectName(QStringLiteral("loadProfile"));
    connect(m_runButton, &QPushButton::clicked, this, [this] { run(false); });
    connect(m_stepButton, &QPushButton::clicked, this, [this] { m_paused ? nextStep() : run(true); });
    connect(m_teardownButton, &QPushButton::clicked, this, &TestBenchView::tearDown);
    connect(save, &QPushButton::clicked, this, &TestBenchView::saveAs);
    connect(load, &QPushButton::clicked, this, &TestBenchView::openProfile);
    auto *runRow = new QHBoxLayout;
    runRow->addWidget(m_runButton);
    runRow->addWidget(m_stepButton);
    runRow->addWidget(m_teardownButton);
    auto *fileRow = new QHBoxLayout;
    fileRow->addWidget(save);
    fileRow->addWidget(load);
    layout->addRow(runRow);
    layout->addRow(fileRow);
    return form;
}

LaunchProfile TestBenchView::profile() const
{
    LaunchProfile p;
    p.name = m_profileName;
    p.count = m_count->value();
    p.vcpus = m_vcpus->value();
    p.memoryMb = m_memory->value();
    p.ticketTimeoutMs = m_ticketTimeout->value();
    p.command = m_command->text().trimmed();
    p.user = m_user->text().trimmed();
    p.hostKeyPolicy = m_policy->currentData().toString();
    p.launchTimeoutMs = m_launchTimeout->value();
    p.idleSeconds = m_idle->value();
    p.teardown = LaunchProfile::Teardown(m_teardown->currentData().toInt());
    // The identity is the preferences' (or the platform's key): not a field of the bench.
    if (!m_core.settings()->identityFile().isEmpty())
        p.identityFiles = {m_core.settings()->identityFile()};
    return p;
}

void TestBenchView::setProfile(const LaunchProfile &p)
{
    m_profileName = p.name;
    m_count->setValue(p.count);
    m_vcpus->setValue(p.vcpus);
    m_memory->setValue(int(std::min<qint64>(p.memoryMb, m_memory->maximum())));
    m_ticketTimeout->setValue(int(std::min<qint64>(p.ticketTimeoutMs, m_ticketTimeout->maximum())));
    m_command->setText(p.command);
    m_user->setText(p.user);
    m_policy->setCurrentIndex(std::max(0, m_policy->findData(p.hostKeyPolicy)));
    m_policyWarning->setVisible(!hostkeys::checksKeys(p.hostKeyPolicy));
    m_launchTimeout->setValue(p.launchTimeoutMs);
    m_idle->setValue(p.idleSeconds);
    m_teardown->setCurrentIndex(std::max(0, m_teardown->findData(int(p.teardown))));
}

Status TestBenchView::saveProfile(const QString &path) const
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return Error{EIO, path, file.errorString()};
    file.write(QJsonDocument(profile().toJson()).toJson(QJsonDocument::Indented));
    if (!file.commit())
        return Error{EIO, path, file.errorString()};
    return Done{};
}

Status TestBenchView::loadProfile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Error{ENOENT, path, file.errorString()};
    auto loaded = LaunchProfile::fromJsonBytes(file.read(1 << 20));
    if (!loaded)
        return loaded.error();
    setProfile(*loaded);
    return Done{};
}

void TestBenchView::saveAs()
{
    Prompts::saveFile(this, tr("Save launch profile"), m_profileName + QStringLiteral(".json"),
                      tr("Launch profiles (*.json)"), [this](const QString &path) {
                          const Status saved = saveProfile(path);
                          setStatus(saved ? tr("Profile saved to %1").arg(path)
                                          : tr("Cannot save the profile: %1").arg(saved.error().toString()));
                      });
}

void TestBenchView::openProfile()
{
    Prompts::openFile(
        this, tr("Load launch profile"), tr("Launch profiles (*.json)"), [this](const QString &path) {
            const Status loaded = loadProfile(path);
            setStatus(loaded ? tr("Profile loaded from %1").arg(path)
                             : tr("Cannot load the profile: %1").arg(loaded.error().toString()));
        });
}

bool TestBenchView::isRunning() const
{
    return m_pipeline && !m_pipeline->isFinished();
}

void TestBenchView::run(bool stepByStep)
{
    if (isRunning())
        return;
    const LaunchProfile p = profile();
    if (auto valid = p.validate(); !valid) {
        setStatus(tr("This launch is not valid: %1").arg(valid.error().toString()));
        return;
    }
    if (auto policy = m_core.hostKeyPolicies()->policy(p.hostKeyPolicy); !policy) {
        setStatus(tr("Cannot use host-key policy %1: %2").arg(p.hostKeyPolicy, policy.error().toString()));
        return;
    }
    if (m_pipeline)
        m_pipeline->deleteLater();
    const int master = m_core.operations()->defaultMaster();
    // The platform's key, as its record names it, unless the profile (the preferences) names one.
    const QString key = m_core.clientKey();
    m_pipeline = new LaunchPipeline(
        m_core.launchServices(), {master >= 0 ? master : 1, QFile::exists(key) ? key : QString()}, p, this);
    m_timeline->follow(m_pipeline);
    m_output->clear();
    m_paused = false;
    connect(m_pipeline, &LaunchPipeline::agentOutput, this,
            [this](AgentStream stream, const QByteArray &data) {
                QString text = QString::fromUtf8(data);
                if (text.endsWith(QLatin1Char('\n')))
                    text.chop(1);
                m_output->appendPlainText(stream == AgentStream::Stderr ? tr("[stderr] %1").arg(text) : text);
            });
    connect(m_pipeline, &LaunchPipeline::stepChanged, this,
            [this](int, const LaunchPipeline::StepRecord &record) {
                setStatus(tr("%1: %2").arg(LaunchTimelineModel::stepText(record.step),
                                           LaunchTimelineModel::stateText(record.state)));
            });
    connect(m_pipeline, &LaunchPipeline::paused, this, [this](int next) {
        m_paused = true;
        setStatus(tr("Paused before “%1”: press Next step.")
                      .arg(LaunchTimelineModel::stepText(m_pipeline->steps().value(next).step)));
        updateButtons();
    });
    connect(m_pipeline, &LaunchPipeline::finished, this,
            [this](bool succeeded, int exitCode, const QString &error) {
                m_paused = false;
                if (succeeded)
                    setStatus(tr("Done: the agent exited with %1; everything is torn down.").arg(exitCode));
                else
                    setStatus(tr("Ended: %1").arg(error));
                updateButtons();
                emit runFinished(succeeded, exitCode, error);
            });
    spdlog::info("test bench: launching profile {} ({})", p.name,
                 stepByStep ? "step by step" : "straight through");
    m_pipeline->start(stepByStep);
    updateButtons();
}

void TestBenchView::nextStep()
{
    if (!m_pipeline || !m_paused)
        return;
    m_paused = false;
    updateButtons();
    m_pipeline->proceed();
}

void TestBenchView::tearDown()
{
    if (!m_pipeline || m_pipeline->isFinished())
        return;
    m_paused = false;
    setStatus(tr("Tearing down…"));
    m_pipeline->cancel(); // stops the agents, then joins or kills the clones and ends the ticket
    updateButtons();
}

void TestBenchView::setStatus(const QString &text)
{
    m_status->setText(text);
}

void TestBenchView::updateButtons()
{
    const bool running = isRunning();
    m_runButton->setEnabled(!running);
    m_stepButton->setEnabled(!running || m_paused);
    m_stepButton->setText(m_paused ? tr("&Next step") : tr("Step &by step"));
    m_teardownButton->setEnabled(running);
    for (QWidget *field :
         std::initializer_list<QWidget *>{m_count, m_vcpus, m_memory, m_ticketTimeout, m_command, m_user,
                                          m_policy, m_launchTimeout, m_idle, m_teardown})
        field->setEnabled(!running);
}

} // namespace clonedeck
