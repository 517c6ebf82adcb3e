// The console as it ships (ConsoleCore, its start-up, MainWindow) with real widgets on the
// offscreen platform against a real clonedeckd: request a ticket through the dialog, spawn
// clones and see them appear (on ONE xenstore connection, counted from the system's socket
// table), destroy one and see it go, then the rest in bulk; a cancelled request lets a late
// grant go; quitting while a request waits for capacity returns at once.
#include "ClusterMirror.h"
#include "ConsoleCore.h"
#include "ConsoleHarness.h"
#include "EventLogModel.h"
#include "MainWindow.h"
#include "MembershipModel.h"
#include "OperationProgress.h"
#include "Operations.h"
#include "PlatformFixture.h"
#include "PlatformGateway.h"
#include "ProcessSockets.h"
#include "Prompts.h"
#include "RequestTicketDialog.h"

#include <QAction>
#include <QElapsedTimer>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QSpinBox>
#include <QTableView>
#include <QTest>
#include <QTreeView>

#include <unistd.h>

using namespace clonedeck;
using namespace clonedeck::test;

class TestConsoleGui : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();
    void startsAsItShips();
    void requestTicketThroughDialog();
    void spawnOnOneConnectionSeeAndDestroyClones();
    void quittingWhileARequestWaitsReturnsAtOnce();
    void cancelledRequestReleasesALateGrant();

private:
    int cloneRows() const;
    // Triggers the action, then fills in the dialog it opened (window-modal, not a nested loop).
    void answerTicketDialog(QAction *action, int count, int timeoutMs = 60000);
    QString blockCapacity();

    PlatformFixture m_platform;
    std::unique_ptr<ConsoleHarness> m_console;
    MainWindow *m_window = nullptr;
    ClusterMirror *m_mirror = nullptr;
};

void TestConsoleGui::initTestCase()
{
    PlatformFixture::Options options;
    options.hosts = QStringLiteral("host1:16:32768"); // the master and up to 15 clones
    const QString error = m_platform.start(options);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    m_console = std::make_unique<ConsoleHarness>(m_platform.socketPath());
    m_window = m_console->window();
    m_mirror = m_console->core().mirror();
    const QString started = m_console->start();
    QVERIFY2(started.isEmpty(), qPrintable(started));
    QTRY_VERIFY_WITH_TIMEOUT(m_window->membershipModel()->indexOfDomain(1).isValid(), 5000);
}

void TestConsoleGui::cleanupTestCase()
{
    m_console.reset();
    m_platform.stop();
}

int TestConsoleGui::cloneRows() const
{
    return m_window->membershipModel()->rowCount(m_window->membershipModel()->indexOfDomain(1));
}

void TestConsoleGui::answerTicketDialog(QAction *action, int count, int timeoutMs)
{
    action->trigger();
    auto *dialog = m_window->findChild<RequestTicketDialog *>();
    QVERIFY(dialog && dialog->isVisible());
    dialog->findChild<QSpinBox *>(QStringLiteral("count"))->setValue(count);
    dialog->findChild<QSpinBox *>(QStringLiteral("timeout"))->setValue(timeoutMs);
    dialog->accept();
}

// Every free vCPU held by another ticket: the console's next request waits for capacity.
QString TestConsoleGui::blockCapacity()
{
    const CommandResult blocker =
        m_platform.clonectl({QStringLiteral("rt"), QStringLiteral("100"), QStringLiteral("1"),
                             QStringLiteral("16"), QStringLiteral("0")});
    return blocker.exitCode == 0 ? QString::fromLatin1(blocker.out.split(' ').value(1).trimmed()) : QString();
}

void TestConsoleGui::startsAsItShips()
{
    // The shipped start-up ran: loaded, the client key taken from the platform's record.
    QVERIFY(m_console->core().isReady());
    QCOMPARE(m_console->core().clientKey(), m_platform.clientKey());
    // The event log is fed by the core's sink, as in the application.
    QVERIFY(m_console->core().eventLog()->rowCount() > 0);
}

void TestConsoleGui::requestTicketThroughDialog()
{
    answerTicketDialog(m_window->requestTicketAction(), 2);
    QTRY_VERIFY_WITH_TIMEOUT(m_mirror->tickets().size() == 1, 10000);
    const TicketInfo ticket = m_mirror->tickets().first();
    QCOMPARE(ticket.requested, 2);
    QCOMPARE(ticket.granted, 2);
    QCOMPARE(toString(ticket.state), QStringLiteral("granted"));
    QTRY_COMPARE_WITH_TIMEOUT(m_window->ticketView()->model()->rowCount(), 1, 5000);
}

void TestConsoleGui::spawnOnOneConnectionSeeAndDestroyClones()
{
    // ONE connection to xenstored in this console process, before, during and after a spawn of
    // ten clones: the mirror's reads and watches and every platform call share it.
    const auto connections = [this] { return connectionsTo(m_platform.socketPath(), ::getpid()); };
    QCOMPARE(connections(), 1);
    int most = 0;
    int samples = 0;
    answerTicketDialog(m_window->spawnAction(), 10);
    QTRY_VERIFY_WITH_TIMEOUT((most = std::max(most, connections()), ++samples, cloneRows() == 10), 30000);
    QCOMPARE(most, 1);
    QCOMPARE(connections(), 1);
    qInfo("one connection in all of %d samples during the spawn", samples);

    // Destroy one: select its row, trigger the action, confirm (the prompt says what will happen).
    QTreeView *view = m_window->membershipView();
    auto *proxy = qobject_cast<QSortFilterProxyModel *>(view->model());
    QVERIFY(proxy != nullptr);
    // The master's row, wherever the tree puts it (under its host's row and its cluster's).
    const QModelIndex masterRow = proxy->mapFromSource(m_window->membershipModel()->indexOfDomain(1));
    QVERIFY(masterRow.isValid());
    const QModelIndex firstClone = proxy->index(0, 0, masterRow);
    const int victim = firstClone.data(MembershipModel::DomidRole).toInt();
    QVERIFY(victim > 1);
    view->selectionModel()->select(firstClone,
                                   QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    Prompts::setNextAnswer(true);
    m_window->destroyAction()->trigger();
    QVERIFY(Prompts::lastPrompt().contains(QStringLiteral("kill domain %1").arg(victim)));
    QTRY_COMPARE_WITH_TIMEOUT(cloneRows(), 9, 10000);
    QVERIFY(!m_window->membershipModel()->indexOfDomain(victim).isValid());

    // Declined: nothing happens.
    view->selectionModel()->select(proxy->index(0, 0, masterRow),
                                   QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    Prompts::setNextAnswer(false);
    m_window->destroyAction()->trigger();
    QCOMPARE(m_console->core().gateway()->pendingCalls(), 0);

    // Bulk: select the rest, destroy, confirm.
    view->selectionModel()->clearSelection();
    for (int row = 0; row < proxy->rowCount(masterRow); ++row)
        view->selectionModel()->select(proxy->index(row, 0, masterRow),
                                       QItemSelectionModel::Select | QItemSelectionModel::Rows);
    Prompts::setNextAnswer(true);
    m_window->destroyAction()->trigger();
    QVERIFY(Prompts::lastPrompt().contains(QStringLiteral("9")));
    QTRY_COMPARE_WITH_TIMEOUT(cloneRows(), 0, 10000);
    QCOMPARE(m_platform.clonectl({QStringLiteral("domains")}).out.count('\n'), 1);
}

void TestConsoleGui::cancelledRequestReleasesALateGrant()
{
    const QString blockerTicket = blockCapacity();
    QVERIFY(!blockerTicket.isEmpty());
    const int ticketsBefore = int(m_mirror->tickets().size());

    answerTicketDialog(m_window->requestTicketAction(), 1);
    auto *operations = m_window->findChild<OperationProgress *>(QStringLiteral("operations"));
    QVERIFY(operations);
    QTRY_VERIFY(operations->isVisible());
    QCOMPARE(operations->pendingCount(), 1);
    QTRY_COMPARE_WITH_TIMEOUT(int(m_mirror->tickets().size()), ticketsBefore + 1, 10000); // pending there
    QTest::mouseClick(operations->cancelButton(), Qt::LeftButton);
    QVERIFY(!operations->isVisible());

    // Capacity returns: the platform grants the request after all, and the console lets it go.
    QCOMPARE(m_platform.clonectl({QStringLiteral("release"), blockerTicket}).exitCode, 0);
    QTRY_VERIFY_WITH_TIMEOUT(std::none_of(m_mirror->tickets().begin(), m_mirror->tickets().end(),
                                          [&](const TicketInfo &t) {
                                              return t.id != blockerTicket && t.requested == 1 &&
                                                     t.state != TicketState::Released;
                                          }),
                             15000);
}

void TestConsoleGui::quittingWhileARequestWaitsReturnsAtOnce()
{
    const QString blockerTicket = blockCapacity();
    QVERIFY(!blockerTicket.isEmpty());
    auto second = std::make_unique<ConsoleHarness>(m_platform.socketPath());
    QVERIFY(second->start().isEmpty());
    // A request that may wait a minute for capacity (of 2: the grant it gets later, once nobody
    // waits for it, holds its reservation until the platform's ticket lifetime ends it).
    second->core().operations()->requestTicket(1, {2, 1, 16, 60000});
    QTRY_VERIFY_WITH_TIMEOUT(std::any_of(m_mirror->tickets().begin(), m_mirror->tickets().end(),
                                         [](const TicketInfo &t) { return t.state == TicketState::Pending; }),
                             10000);
    QCOMPARE(second->core().gateway()->pendingCalls(), 1);
    QElapsedTimer quitting;
    quitting.start();
    second.reset();
    const qint64 quitMs = quitting.elapsed();
    qInfo("quit in %lld ms with a ticket request waiting", quitMs);
    QVERIFY2(quitMs < 5000, "quitting does not wait for the platform");
    QCOMPARE(m_platform.clonectl({QStringLiteral("release"), blockerTicket}).exitCode, 0);
}

QTEST_MAIN(TestConsoleGui)
#include "test_console_gui.moc"
