// Issue 15.3-15.5 and 15.7 on the console as it ships, against a real clonedeckd: states in
// colour and icon, the Tickets header whole, the command palette (filter, jump, recent
// first, keyboard only), a membership row's menu acting on that row, a terminal whose ssh
// (stock OpenSSH) accepts the clone's pinned key and refuses any other, and a notification
// when the platform becomes unreachable.
#include "AgentLauncher.h"
#include "AgentModel.h"
#include "CloneTerminal.h"
#include "ClusterMirror.h"
#include "CommandPalette.h"
#include "ConsoleCore.h"
#include "ConsoleHarness.h"
#include "ConsoleIcons.h"
#include "ConsoleNotifier.h"
#include "ConsoleSettings.h"
#include "EventLogModel.h"
#include "LaunchTargets.h"
#include "MainWindow.h"
#include "MembershipModel.h"
#include "Operations.h"
#include "PlatformFixture.h"
#include "PolicyManager.h"
#include "Prompts.h"
#include "ProtocolPaths.h"
#include "RowContextMenu.h"
#include "TicketModel.h"

#include <QAbstractProxyModel>
#include <QAction>
#include <QClipboard>
#include <QFile>
#include <QGuiApplication>
#include <QHeaderView>
#include <QLineEdit>
#include <QListWidget>
#include <QMenu>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>

using namespace clonedeck;
using namespace clonedeck::test;

class TestConsoleUx : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();
    void statesShowInColourAndIcon();
    void ticketHeaderIsWhole();
    void paletteFiltersAndJumps();
    void paletteRecentsSurviveARestart();
    void uptimesMoveOnlyWhereShown();
    void rowMenuActsOnTheRow();
    void terminalSshChecksThePinnedKey();
    void rowsShowTheirBackend();
    void failingAgentIsNotified();
    void policyThatCannotProvisionIsNotified();
    void lostPlatformIsNotified(); // last: it stops the platform

private:
    QList<int> clones() const;
    QModelIndex viewRow(int domid, int column = MembershipModel::Name) const;
    // Whether the event log has a line containing text, from row `from` on.
    bool logged(int from, const QString &text) const;

    PlatformFixture m_platform;
    QTemporaryDir m_state; // settings: a second console on it finds the first one's
    std::unique_ptr<ConsoleHarness> m_console;
    MainWindow *m_window = nullptr;
};

void TestConsoleUx::initTestCase()
{
    QVERIFY2(m_platform.start().isEmpty(), "clonedeckd did not start");
    m_console = std::make_unique<ConsoleHarness>(m_platform.socketPath(), m_state.path());
    m_window = m_console->window();
    const QString started = m_console->start();
    QVERIFY2(started.isEmpty(), qPrintable(started));
    m_console->core().operations()->spawn(1, {3, 1, 128, 0});
    QTRY_COMPARE_WITH_TIMEOUT(clones().size(), 3, 20000);
}

void TestConsoleUx::cleanupTestCase()
{
    m_console.reset();
    m_platform.stop();
}

QList<int> TestConsoleUx::clones() const
{
    QList<int> domids;
    for (const DomainInfo &domain : m_console->core().mirror()->domains()) {
        if (domain.role == DomainRole::Clone && domain.state == DomainState::Running &&
            hasSshEndpoint(domain))
            domids.append(domain.domid);
    }
    return domids;
}

QModelIndex TestConsoleUx::viewRow(int domid, int column) const
{
    auto *proxy = qobject_cast<QAbstractProxyModel *>(m_window->membershipView()->model());
    return proxy->mapFromSource(m_window->membershipModel()->indexOfDomain(domid, column));
}

void TestConsoleUx::statesShowInColourAndIcon()
{
    const QModelIndex state = viewRow(clones().first(), MembershipModel::State);
    QCOMPARE(state.data().toString(), QStringLiteral("running"));
    QCOMPARE(state.data(Qt::ForegroundRole).value<QColor>(), ConsoleIcons::colour(StateTone::Running));
    const QIcon icon = state.data(Qt::DecorationRole).value<QIcon>();
    QVERIFY(!icon.isNull());
    QVERIFY(!icon.pixmap(16, 16).isNull()); // the bundled SVG renders
    QVERIFY(!viewRow(clones().first(), MembershipModel::Ip)
                 .data(Qt::DecorationRole)
                 .isValid()); // the state column only
    // A ticket's state too: granted is "running" green.
    QTableView *tickets = m_window->ticketView();
    QTRY_VERIFY_WITH_TIMEOUT(tickets->model()->rowCount() > 0, 5000);
    QCOMPARE(tickets->model()->index(0, TicketModel::State).data(Qt::ForegroundRole).value<QColor>(),
             ConsoleIcons::colour(StateTone::Running));
    // Toolbar actions carry icons.
    QVERIFY(!m_window->spawnAction()->icon().isNull());
    QVERIFY(!m_window->paletteAction()->icon().isNull());
    QVERIFY(!m_window->connectionsAction()->icon().isNull());
    QVERIFY(!ConsoleIcons::action(QStringLiteral("no-such-theme-icon"), QStringLiteral("connections"))
                 .pixmap(16, 16)
                 .isNull()); // the bundled fallback renders
}

void TestConsoleUx::ticketHeaderIsWhole()
{
    m_window->showTab(QStringLiteral("tickets"));
    QHeaderView *header = m_window->ticketView()->horizontalHeader();
    const QString title = header->model()->headerData(TicketModel::Granted, Qt::Horizontal).toString();
    QCOMPARE(title, QStringLiteral("Granted / requested"));
    QVERIFY2(header->sectionSize(TicketModel::Granted) > header->fontMetrics().horizontalAdvance(title),
             qPrintable(QString::number(header->sectionSize(TicketModel::Granted))));
    // And membership's "Memory used" (its default width was 80 px).
    QHeaderView *membership = m_window->membershipView()->header();
    const QString used =
        membership->model()->headerData(MembershipModel::MemoryUsed, Qt::Horizontal).toString();
    QCOMPARE(used, QStringLiteral("Memory used"));
    QVERIFY2(membership->sectionSize(MembershipModel::MemoryUsed) >=
                 membership->sectionSizeHint(MembershipModel::MemoryUsed),
             qPrintable(QString::number(membership->sectionSize(MembershipModel::MemoryUsed))));
    QVERIFY(membership->sectionSize(MembershipModel::MemoryUsed) >
            membership->fontMetrics().horizontalAdvance(used));
}

void TestConsoleUx::paletteFiltersAndJumps()
{
    m_window->showTab(QStringLiteral("events"));
    const int target = clones().last();
    const QString name = m_console->core().mirror()->domains().value(target).name; // "<master>-clone-<domid>"
    CommandPalette *palette = m_window->commandPalette();
    QTest::keyClick(m_window, Qt::Key_K, Qt::ControlModifier);
    QTRY_VERIFY_WITH_TIMEOUT(palette->isVisible(), 2000);
    QVERIFY(palette->input()->hasFocus());
    // Everything is offered: actions, domains, tickets.
    QVERIFY(palette->list()->count() >= 3 + 1 + 1);
    QTest::keyClicks(palette->input(), QStringLiteral("clone-%1").arg(target));
    QVERIFY(palette->list()->count() >= 1);
    QVERIFY2(palette->list()->item(0)->text().startsWith(name), qPrintable(palette->list()->item(0)->text()));
    QTest::keyClick(palette->input(), Qt::Key_Return);
    QVERIFY(!palette->isVisible());
    QCOMPARE(m_window->currentTab(), QStringLiteral("membership"));
    const QList<int> selected = m_window->selectedDomids();
    QCOMPARE(selected, QList<int>{target});

    // Again: the recent choice comes first; Escape closes without acting; Down moves.
    QTest::keyClick(m_window, Qt::Key_K, Qt::ControlModifier);
    QTRY_VERIFY_WITH_TIMEOUT(palette->isVisible(), 2000);
    QVERIFY(palette->list()->item(0)->text().startsWith(name));
    QTest::keyClick(palette->input(), Qt::Key_Down);
    QCOMPARE(palette->list()->currentRow(), 1);
    QTest::keyClick(palette->input(), Qt::Key_Escape);
    QVERIFY(!palette->isVisible());

    // An action by its name: "preferences" opens the preferences.
    QTest::keyClick(m_window, Qt::Key_K, Qt::ControlModifier);
    QTest::keyClicks(palette->input(), QStringLiteral("prefer"));
    QTest::keyClick(palette->input(), Qt::Key_Return);
    QWidget *preferences = nullptr;
    QTRY_VERIFY_WITH_TIMEOUT(
        (preferences = m_window->findChild<QWidget *>(QStringLiteral("preferencesDialog"))) &&
            preferences->isVisible(),
        2000);
    preferences->close();
}

void TestConsoleUx::paletteRecentsSurviveARestart()
{
    // paletteFiltersAndJumps chose a domain, then "Preferences…": both saved, newest first.
    const QStringList recent = m_window->commandPalette()->index().recent();
    QCOMPARE(recent.size(), 2);
    QVERIFY2(recent.last().startsWith(QLatin1String("domain:")), qPrintable(recent.join(u',')));
    QCOMPARE(m_console->core().settings()->paletteRecent(), recent);
    m_console->core().settings()->sync();
    const ConsoleHarness restarted(m_platform.socketPath(), m_state.path()); // not started: settings only
    QCOMPARE(restarted.window()->commandPalette()->index().recent(), recent);
    // The stored list stays bounded whatever it is handed.
    QStringList many;
    for (int i = 0; i < 3 * ConsoleSettings::kPaletteRecentKept; ++i)
        many.append(QStringLiteral("domain:%1").arg(i));
    restarted.core().settings()->setPaletteRecent(many);
    QCOMPARE(restarted.core().settings()->paletteRecent(), many.mid(0, ConsoleSettings::kPaletteRecentKept));
}

// The uptime column moves every second, but only rows on screen are told, and nothing while
// another tab is shown (the idle budget: 1,001 rows told each second cost most of it).
void TestConsoleUx::uptimesMoveOnlyWhereShown()
{
    m_window->showTab(QStringLiteral("membership"));
    QTreeView *tree = m_window->membershipView();
    // Room for two rows: the tree shows only some of its six (host, cluster, master, 3 clones).
    tree->setMaximumHeight(tree->header()->height() + 2 * tree->sizeHintForRow(0) + 2 * tree->frameWidth());
    tree->scrollTo(tree->model()->index(0, MembershipModel::Uptime)); // the top row, the column on screen
    QTRY_VERIFY_WITH_TIMEOUT(tree->visualRect(viewRow(clones().last())).top() > tree->viewport()->height(),
                             2000);
    QSignalSpy told(m_window->membershipModel(), &QAbstractItemModel::dataChanged);
    QVERIFY(told.wait(3000));
    int rows = 0;
    for (const QList<QVariant> &change : std::as_const(told)) {
        const auto first = change[0].value<QModelIndex>(), last = change[1].value<QModelIndex>();
        QCOMPARE(first.column(), int(MembershipModel::Uptime));
        QCOMPARE(last.column(), int(MembershipModel::Uptime));
        rows += last.row() - first.row() + 1;
    }
    QVERIFY2(rows > 0 && rows < 3 + 3,
             qPrintable(QString::number(rows))); // of host, cluster, master, 3 clones
    tree->setMaximumHeight(QWIDGETSIZE_MAX);
    m_window->showTab(QStringLiteral("events"));
    told.clear();
    QVERIFY(!told.wait(1500)); // the clock ticks every 1,000 ms while shown
}

void TestConsoleUx::rowMenuActsOnTheRow()
{
    m_window->showTab(QStringLiteral("membership"));
    QTreeView *view = m_window->membershipView();
    view->selectionModel()->clearSelection();
    const int victim = clones().first();
    const DomainInfo domain = m_console->core().mirror()->domains().value(victim);
    const QPoint at = view->visualRect(viewRow(victim)).center();
    emit view->customContextMenuRequested(at); // what a right click there sends
    QMenu *menu = m_window->rowMenu()->menu();
    QTRY_VERIFY_WITH_TIMEOUT(menu->isVisible(), 2000);
    QCOMPARE(m_window->selectedDomids(), QList<int>{victim}); // the clicked row is the selection
    for (QAction *wanted :
         {m_window->spawnAction(), m_window->destroyAction(), m_window->rowMenu()->openTerminalAction(),
          m_window->rowMenu()->copyIpAction(), m_window->rowMenu()->copySshAction()})
        QVERIFY2(menu->actions().contains(wanted), qPrintable(wanted->text()));
    menu->hide();

    m_window->rowMenu()->copyIpAction()->trigger();
    QCOMPARE(QGuiApplication::clipboard()->text(), domain.ip);

    // Destroy from the menu: the confirmation names exactly this clone, and it goes.
    Prompts::setNextAnswer(true);
    m_window->destroyAction()->trigger();
    QVERIFY(Prompts::lastPrompt().contains(QStringLiteral("kill domain %1 ").arg(victim)));
    QTRY_VERIFY_WITH_TIMEOUT(!m_console->core().mirror()->domains().contains(victim), 15000);
    QTRY_VERIFY_WITH_TIMEOUT(!m_window->membershipModel()->indexOfDomain(victim).isValid(), 5000);
}

void TestConsoleUx::terminalSshChecksThePinnedKey()
{
    const int clone = clones().first();
    CloneTerminal *terminal = m_console->core().terminal();
    // No pin for the lineage yet: refused, saying how to get one (checking never turns off).
    const auto unpinned = terminal->prepare(clone, QStringLiteral("xterm"));
    QVERIFY(!unpinned);
    QVERIFY(unpinned.error().message.contains(QLatin1String("launch an agent on its master")));

    // An agent on the clone contacts its master first: the lineage's key is pinned.
    AgentModel *agents = m_window->agentModel();
    m_console->core().agentLauncher()->launch(
        {clone}, {QStringLiteral("true"), {}, QStringLiteral("lineage"), {}, 30000});
    QTRY_VERIFY_WITH_TIMEOUT(agents->rowCount() > 0 && agents->state(agents->sessionAt(
                                                           agents->rowCount() - 1)) == AgentState::Exited,
                             30000);

    const auto command = terminal->prepare(clone, QStringLiteral("xterm"));
    QVERIFY2(command, qPrintable(command ? QString() : command.error().toString()));
    QCOMPARE(command->program, QStringLiteral("xterm"));
    QCOMPARE(command->arguments.first(), QStringLiteral("-e"));
    QStringList ssh = command->arguments.mid(1);
    QCOMPARE(ssh.first(), QStringLiteral("ssh"));
    QVERIFY(ssh.contains(QStringLiteral("StrictHostKeyChecking=yes")));
    QVERIFY(ssh.contains(QStringLiteral("UserKnownHostsFile=") + terminal->knownHostsFile(clone)));
    QFile knownHosts(terminal->knownHostsFile(clone));
    QVERIFY(knownHosts.open(QIODevice::ReadOnly));
    const QByteArray line = knownHosts.readAll();
    const DomainInfo domain = m_console->core().mirror()->domains().value(clone);
    QVERIFY2(line.startsWith(QStringLiteral("[%1]:%2 ").arg(domain.sshHost).arg(domain.sshPort).toUtf8()) ||
                 line.startsWith(domain.sshHost.toUtf8() + ' '),
             line.constData());
    QCOMPARE(knownHosts.permissions() & (QFile::ReadGroup | QFile::ReadOther), QFile::Permissions());

    // Stock OpenSSH with exactly that argv runs a command on the clone ...
    ssh.removeFirst();
    const QStringList batch{QStringLiteral("-o"), QStringLiteral("BatchMode=yes")};
    CommandResult ran = m_platform.run(
        QStringLiteral("ssh"), batch + ssh + QStringList{QStringLiteral("echo"), QStringLiteral("hello")},
        QProcessEnvironment::systemEnvironment(), {}, 30000);
    QVERIFY2(ran.exitCode == 0 && ran.out.trimmed() == "hello", ran.err.constData());
    // ... and refuses the clone once its known_hosts holds another key.
    QByteArray other = line;
    other.replace(other.lastIndexOf(' ') + 20, 4, "AAAA");
    knownHosts.close();
    QVERIFY(knownHosts.open(QIODevice::WriteOnly | QIODevice::Truncate));
    knownHosts.write(other);
    knownHosts.close();
    ran = m_platform.run(QStringLiteral("ssh"), batch + ssh + QStringList{QStringLiteral("true")},
                         QProcessEnvironment::systemEnvironment(), {}, 30000);
    QVERIFY(ran.exitCode != 0);
    QVERIFY2(ran.err.contains("Host key verification failed") || ran.err.contains("HOST IDENTIFICATION"),
             ran.err.constData());

    // "Copy the ssh command" copies that argv as one line.
    m_window->membershipView()->selectionModel()->select(viewRow(clone), QItemSelectionModel::ClearAndSelect |
                                                                             QItemSelectionModel::Rows);
    m_window->rowMenu()->copySshAction()->trigger();
    QVERIFY(QGuiApplication::clipboard()->text().startsWith(QLatin1String("ssh -i ")));
    QVERIFY(QGuiApplication::clipboard()->text().contains(QLatin1String("StrictHostKeyChecking=yes")));
}

bool TestConsoleUx::logged(int from, const QString &text) const
{
    const EventLogModel *log = m_console->core().eventLog();
    for (int row = from; row < log->rowCount(); ++row) {
        if (log->index(row, EventLogModel::Message).data().toString().contains(text))
            return true;
    }
    return false;
}

// Issue 12: a domain's row shows its backend, right after its role. The header's layout is
// not saved (no QHeaderView::saveState anywhere), so no layout of an older version can put
// the new column in another's place; the view places it by its logical index.
void TestConsoleUx::rowsShowTheirBackend()
{
    MembershipModel *model = m_window->membershipModel();
    QCOMPARE(model->headerData(MembershipModel::Backend, Qt::Horizontal).toString(),
             QStringLiteral("Backend"));
    const QHeaderView *header = m_window->membershipView()->header();
    QCOMPARE(header->visualIndex(MembershipModel::Backend), header->visualIndex(MembershipModel::Role) + 1);
    QVERIFY(header->sectionSize(MembershipModel::Backend) >=
            header->sectionSizeHint(MembershipModel::Backend));
    const int clone = clones().first();
    QCOMPARE(viewRow(clone, MembershipModel::Backend).data().toString(), QStringLiteral("sandbox"));
    QVERIFY(viewRow(clone, MembershipModel::Backend)
                .data(Qt::ToolTipRole)
                .toString()
                .startsWith(QLatin1String("Sandbox VM")));

    // A QEMU VM's record, written into the real platform's xenstore as a QEMU platform writes it.
    DomainInfo vm;
    vm.domid = 900;
    vm.name = QStringLiteral("qemu-master");
    vm.cluster = QStringLiteral("vms");
    vm.role = DomainRole::Master;
    vm.master = vm.domid;
    vm.state = DomainState::Running;
    vm.ip = QStringLiteral("10.0.0.1");
    vm.port = 22;
    vm.sshHost = QStringLiteral("127.77.200.1");
    vm.sshPort = 22;
    vm.backend = QStringLiteral("qemu");
    vm.vcpus = 1;
    vm.memoryMb = 256;
    vm.host = QStringLiteral("host1");
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("XENSTORED_PATH"), m_platform.socketPath());
    const QString path = protocol::domainPath(vm.domid);
    const auto written = m_platform.run(QStringLiteral("xenstore-write"),
                                        {path, QString::fromUtf8(vm.toRecord().serialize())}, env);
    QVERIFY2(written.exitCode == 0, written.err.constData());
    QTRY_COMPARE_WITH_TIMEOUT(viewRow(vm.domid, MembershipModel::Backend).data().toString(),
                              QStringLiteral("qemu"), 5000);
    QVERIFY(viewRow(vm.domid, MembershipModel::Backend)
                .data(Qt::ToolTipRole)
                .toString()
                .startsWith(QLatin1String("QEMU VM")));
    QCOMPARE(m_platform.run(QStringLiteral("xenstore-rm"), {path}, env).exitCode, 0);
    QTRY_VERIFY_WITH_TIMEOUT(!model->indexOfDomain(vm.domid).isValid(), 5000);
}

// Issue 15.7: a build agent whose command exits non-zero failed at its job. Its session stays
// "exited" (it ran as it should), but the operator hears of it; a stop they asked for is no failure.
void TestConsoleUx::failingAgentIsNotified()
{
    const int from = m_console->core().eventLog()->rowCount();
    AgentModel *agents = m_window->agentModel();
    const int rows = agents->rowCount();
    AgentLauncher::Request request;
    request.command = QStringLiteral("echo building; exit 3");
    m_console->core().agentLauncher()->launch({clones().first()}, request);
    QTRY_COMPARE_WITH_TIMEOUT(agents->rowCount(), rows + 1, 10000);
    QTRY_COMPARE_WITH_TIMEOUT(agents->state(agents->sessionAt(rows)), std::optional(AgentState::Exited),
                              30000);
    QTRY_VERIFY_WITH_TIMEOUT(m_window->notifier()->lastAlert().startsWith(QLatin1String("Agent failed")),
                             10000);
    QVERIFY2(m_window->notifier()->lastAlert().contains(QLatin1String("exited with status 3")),
             qPrintable(m_window->notifier()->lastAlert()));
    QVERIFY(logged(from, QStringLiteral("exited with status 3")));
}

// Issue 15.7: a policy whose tickets the platform cannot grant (more vCPUs than the host has)
// retries with a backoff; the operator hears of it once, in the event log and on the desktop.
void TestConsoleUx::policyThatCannotProvisionIsNotified()
{
    const int from = m_console->core().eventLog()->rowCount();
    PolicyConfig config;
    config.cluster = QStringLiteral("unprovisionable");
    config.enabled = true;
    config.manualDemand = 1;
    config.inDemandDelayMs = 0;
    config.profile.command = QStringLiteral("exec sleep 600");
    config.profile.vcpus = 64; // the host has 16
    config.profile.ticketTimeoutMs = 200;
    PolicyManager *policies = m_console->core().policies();
    QVERIFY(policies->save(config));
    QTRY_VERIFY_WITH_TIMEOUT(
        m_window->notifier()->lastAlert().startsWith(QLatin1String("Policy cannot provision")), 20000);
    QVERIFY2(m_window->notifier()->lastAlert().contains(QLatin1String("EBUSY")),
             qPrintable(m_window->notifier()->lastAlert()));
    QVERIFY(logged(from, QStringLiteral("Policy cannot provision")));
    QVERIFY(policies->setEnabled(config.cluster, false));
}

void TestConsoleUx::lostPlatformIsNotified()
{
    const int from = m_console->core().eventLog()->rowCount();
    m_platform.stop();
    QTRY_VERIFY_WITH_TIMEOUT(
        m_window->notifier()->lastAlert().startsWith(QLatin1String("Platform unreachable")), 15000);
    QVERIFY(logged(from, QStringLiteral("Platform unreachable")));
}

QTEST_MAIN(TestConsoleUx)
#include "test_console_ux.moc"
