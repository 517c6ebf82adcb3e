#include "ScreenshotTour.h"

#include "AgentCommands.h"
#include "AgentModel.h"
#include "AgentsView.h"
#include "CommandPalette.h"
#include "Log.h"
#include "MainWindow.h"
#include "MembershipModel.h"
#include "TestBenchView.h"

#include <QAction>
#include <QApplication>
#include <QDialog>
#include <QDir>
#include <QLineEdit>
#include <QTabWidget>
#include <QTimer>

namespace clonedeck {

namespace {
// Some lines on each stream, then stays up: a running agent with output to look at.
const QString kAgentCommand = QStringLiteral(
    "echo agent ready; for s in fetch configure compile test package; do echo build: $s ok; done; "
    "echo warning: cache is cold >&2; exec sleep 600");
constexpr int kDeadlineMs = 60000;
} // namespace

QMap<QString, int> ScreenshotTour::firstClones() const
{
    const MembershipModel *model = m_window->membershipModel();
    QMap<QString, int> clones;
    QList<QModelIndex> pending{QModelIndex()};
    while (!pending.isEmpty()) {
        const QModelIndex parent = pending.takeFirst();
        for (int row = 0; row < model->rowCount(parent); ++row) {
            const QModelIndex index = model->index(row, 0, parent);
            const QString host = model->hostOf(index);
            if (index.data(MembershipModel::KindRole).toInt() == int(MembershipModel::Kind::Clone) &&
                !clones.contains(host))
                clones.insert(host, index.data(MembershipModel::DomidRole).toInt());
            pending.append(index);
        }
    }
    return clones;
}

ScreenshotTour::ScreenshotTour(MainWindow *window, QString directory, QObject *parent)
    : QObject(parent)
    , m_window(window)
    , m_directory(std::move(directory))
{}

void ScreenshotTour::start()
{
    m_deadline.setRemainingTime(kDeadlineMs);
    // The first clone of each host gets an agent (through that host's connection).
    const QMap<QString, int> clones = firstClones();
    for (auto it = clones.cbegin(); it != clones.cend(); ++it)
        m_window->agentCommands()->launchOn({it.value()}, kAgentCommand, {it.key()});
    if (clones.isEmpty())
        spdlog::warn("screenshots: no clone to run an agent on");

    TestBenchView *bench = m_window->testBench();
    LaunchProfile profile = bench->profile();
    profile.name = QStringLiteral("hello");
    profile.command = QStringLiteral("echo hello");
    bench->setProfile(profile);
    connect(bench, &TestBenchView::runFinished, this, [this] { m_benchDone = true; });
    bench->run(false);
    poll();
}

bool ScreenshotTour::ready() const
{
    const AgentModel *agents = m_window->agentModel();
    for (int row = 0; row < agents->rowCount(); ++row) {
        const AgentSessionId id = agents->sessionAt(row);
        if (agents->state(id) == AgentState::Running && agents->lines(id, AgentStream::Stdout).size() >= 6 &&
            !agents->lines(id, AgentStream::Stderr).isEmpty())
            return m_benchDone;
    }
    return false;
}

void ScreenshotTour::poll()
{
    if (m_captured)
        return;
    if (ready() || m_deadline.hasExpired()) {
        capture(!m_deadline.hasExpired());
        return;
    }
    QTimer::singleShot(200, this, &ScreenshotTour::poll);
}

void ScreenshotTour::capture(bool complete)
{
    m_captured = true;
    if (!complete)
        spdlog::warn("screenshots: the agent or the test bench did not finish in time; saving what there is");
    // Follow the running agent, so its output is in the picture.
    AgentModel *agents = m_window->agentModel();
    for (int row = 0; row < agents->rowCount(); ++row) {
        if (agents->state(agents->sessionAt(row)) == AgentState::Running)
            m_window->agentsView()->selectSession(agents->sessionAt(row));
    }
    // The detail pane beside the membership tree shows the clone running the agent.
    m_window->membership()->selectDomain(firstClones().value(m_window->membershipModel()->defaultHost(), -1));
    QDir().mkpath(m_directory);
    const auto *tabs = m_window->findChild<QTabWidget *>(QStringLiteral("tabs"));
    for (int i = 0; i < tabs->count(); ++i) {
        const QString name = tabs->widget(i)->objectName();
        m_window->showTab(name);
        QApplication::processEvents();
        m_window->grab().save(m_directory + QLatin1Char('/') + name + QStringLiteral(".png"));
    }
    // The connection manager, over the membership tab (each host's row and state behind it).
    m_window->showTab(QStringLiteral("membership"));
    m_window->connectionsAction()->trigger();
    if (auto *connections = m_window->findChild<QDialog *>(QStringLiteral("connectionsDialog"))) {
        QApplication::processEvents();
        connections->grab().save(m_directory + QStringLiteral("/connections.png"));
        connections->reject();
    }
    // The command palette over the membership tab, narrowed to the clones.
    m_window->showTab(QStringLiteral("membership"));
    m_window->paletteAction()->trigger();
    m_window->commandPalette()->input()->setText(QStringLiteral("clone"));
    QApplication::processEvents();
    m_window->grab().save(m_directory + QStringLiteral("/palette.png"));
    m_window->commandPalette()->hide();
    emit done(complete);
}

} // namespace clonedeck
