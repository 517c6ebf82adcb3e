// The console's real widgets on the offscreen platform against a real
// clonedeckd: request a ticket through the dialog, spawn three clones and see
// them appear, destroy one and see it go, then destroy the rest in bulk.
#include "ClusterMirror.h"
#include "ConsoleHarness.h"
#include "MainWindow.h"
#include "MembershipModel.h"
#include "OperationProgress.h"
#include "PlatformFixture.h"
#include "RequestTicketDialog.h"

#include <QAbstractButton>
#include <QAction>
#include <QApplication>
#include <QMessageBox>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableView>
#include <QTest>
#include <QTimer>
#include <QTreeView>

using namespace clonedeck;
using namespace clonedeck::test;

class TestConsoleGui : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();
    void requestTicketThroughDialog();
    void spawnSeeAndDestroyClones();
    void cancelledRequestReleasesALateGrant();

private:
    int cloneRows() const;
    void answerNextDialog(int count);

    PlatformFixture m_platform;
    std::unique_ptr<ConsoleHarness> m_console;
    MainWindow *m_window = nullptr;
    ClusterMirror *m_mirror = nullptr;
};

void TestConsoleGui::initTestCase()
{
    const QString error = m_platform.start();
    QVERIFY2(error.isEmpty(), qPrintable(error));
    m_console = std::make_unique<ConsoleHarness>(m_platform.socketPath());
    m_window = m_console->window();
    m_mirror = m_console->services().mirror;
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

void TestConsoleGui::answerNextDialog(int count)
{
    // The dialog is modal: fill it in once it is up, then press OK.
    QTimer::singleShot(0, this, [count] {
        auto *dialog = qobject_cast<RequestTicketDialog *>(QApplication::activeModalWidget());
        if (!dialog)
            return;
        auto *spin = dialog->findChild<QSpinBox *>(QStringLiteral("count"));
        spin->setValue(count);
        dialog->accept();
    });
}

void TestConsoleGui::requestTicketThroughDialog()
{
    answerNextDialog(2);
    m_window->requestTicketAction()->trigger();
    QTRY_VERIFY_WITH_TIMEOUT(m_mirror->tickets().size() == 1, 10000);
    const TicketInfo ticket = m_mirror->tickets().first();
    QCOMPARE(ticket.requested, 2);
    QCOMPARE(ticket.granted, 2);
    QCOMPARE(toString(ticket.state), QStringLiteral("granted"));
    QTRY_COMPARE_WITH_TIMEOUT(m_window->ticketView()->model()->rowCount(), 1, 5000);
}

void TestConsoleGui::spawnSeeAndDestroyClones()
{
    answerNextDialog(3);
    m_window->spawnAction()->trigger();
    QTRY_COMPARE_WITH_TIMEOUT(cloneRows(), 3, 15000);

    // Destroy one: select its row, trigger the action, confirm.
    QTreeView *view = m_window->membershipView();
    auto *proxy = view->model();
    const QModelIndex masterRow = proxy->index(0, 0, proxy->index(0, 0));
    const QModelIndex firstClone = proxy->index(0, 0, masterRow);
    const int victim = firstClone.data(MembershipModel::DomidRole).toInt();
    QVERIFY(victim > 1);
    view->selectionModel()->select(firstClone,
                                   QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_window->destroyAction()->trigger();
    auto *confirm = m_window->findChild<QMessageBox *>(QStringLiteral("confirmDestroy"));
    QVERIFY(confirm);
    QVERIFY(confirm->informativeText().contains(
        QStringLiteral("kill domain %1").arg(victim))); // says what will happen
    confirm->button(QMessageBox::Yes)->click();
    QTRY_COMPARE_WITH_TIMEOUT(cloneRows(), 2, 10000);
    QVERIFY(!m_window->membershipModel()->indexOfDomain(victim).isValid());

    // Bulk: select the rest, destroy, confirm.
    view->selectionModel()->clearSelection();
    for (int row = 0; row < proxy->rowCount(masterRow); ++row)
        view->selectionModel()->select(proxy->index(row, 0, masterRow),
                                       QItemSelectionModel::Select | QItemSelectionModel::Rows);
    m_window->destroyAction()->trigger();
    confirm = m_window->findChild<QMessageBox *>(QStringLiteral("confirmDestroy"));
    QVERIFY(confirm);
    confirm->button(QMessageBox::Yes)->click();
    QTRY_COMPARE_WITH_TIMEOUT(cloneRows(), 0, 10000);
    QCOMPARE(m_platform.clonectl({QStringLiteral("domains")}).out.count('\n'), 1);
}

void TestConsoleGui::cancelledRequestReleasesALateGrant()
{
    // Every free vCPU held by another ticket: the console's request waits for capacity.
    const CommandResult blocker =
        m_platform.clonectl({QStringLiteral("rt"), QStringLiteral("100"), QStringLiteral("1"),
                             QStringLiteral("16"), QStringLiteral("0")});
    QCOMPARE(blocker.exitCode, 0);
    const QString blockerTicket = QString::fromLatin1(blocker.out.split(' ').value(1).trimmed());
    const int ticketsBefore = int(m_mirror->tickets().size());

    answerNextDialog(1);
    m_window->requestTicketAction()->trigger();
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

QTEST_MAIN(TestConsoleGui)
#include "test_console_gui.moc"
