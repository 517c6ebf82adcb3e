// The console's models: valid for QAbstractItemModelTester through inserts,
// changes, moves and removals, and incremental: one change, one dataChanged,
// for exactly the right row.
#include "EventLogModel.h"
#include "MembershipModel.h"
#include "TicketModel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

#include <spdlog/spdlog.h>

#include <thread>

using namespace clonedeck;

namespace {
DomainInfo domain(int domid, DomainRole role, int master = 1, const QString &ticket = {})
{
    DomainInfo d;
    d.domid = domid;
    d.name = QStringLiteral("d%1").arg(domid);
    d.cluster = QStringLiteral("default");
    d.role = role;
    d.master = master;
    d.vmid = role == DomainRole::Master ? 0 : domid - 1;
    d.ticket = ticket;
    d.state = DomainState::Running;
    d.ip = QStringLiteral("127.77.0.%1").arg(domid);
    d.port = 22;
    d.sshHost = d.ip;
    d.sshPort = 22;
    return d;
}

TicketInfo ticket(int number, TicketState state)
{
    TicketInfo t;
    t.id = QStringLiteral("t%1").arg(number);
    t.owner = 1;
    t.state = state;
    t.requested = t.granted = 2;
    return t;
}
} // namespace

class TestModels : public QObject
{
    Q_OBJECT
private slots:
    void membershipTreeStaysValid();
    void singleChangeEmitsOneDataChanged();
    void cloneBeforeMasterMovesUnderIt();
    void ipSortsNumerically();
    void ticketsIncremental();
    void eventLogIsBounded();
};

void TestModels::membershipTreeStaysValid()
{
    MembershipModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.addDomain(domain(1, DomainRole::Master));
    for (int domid = 2; domid <= 6; ++domid)
        model.addDomain(domain(domid, DomainRole::Clone, 1, QStringLiteral("t1")));
    QCOMPARE(model.rowCount(), 1);                       // one cluster
    QCOMPARE(model.rowCount(model.index(0, 0)), 1);      // one master
    QCOMPARE(model.rowCount(model.indexOfDomain(1)), 5); // five clones
    model.removeDomain(domain(4, DomainRole::Clone));
    QCOMPARE(model.rowCount(model.indexOfDomain(1)), 4);
    model.setAgentState(3, QStringLiteral("running"));
    QCOMPARE(model.indexOfDomain(3, MembershipModel::Agent).data().toString(), QStringLiteral("running"));
    model.refreshUptime(model.indexOfDomain(1), 0, 3); // the four clones left
    for (int domid : {2, 3, 5, 6})
        model.removeDomain(domain(domid, DomainRole::Clone));
    model.removeDomain(domain(1, DomainRole::Master));
    QCOMPARE(model.rowCount(), 0); // the empty cluster goes too
}

void TestModels::singleChangeEmitsOneDataChanged()
{
    MembershipModel model;
    model.addDomain(domain(1, DomainRole::Master));
    for (int domid = 2; domid <= 4; ++domid)
        model.addDomain(domain(domid, DomainRole::Clone, 1, QStringLiteral("t1")));
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    DomainInfo after = domain(3, DomainRole::Clone, 1, QStringLiteral("t1"));
    after.state = DomainState::Stopping;
    model.changeDomain(domain(3, DomainRole::Clone, 1, QStringLiteral("t1")), after);
    QCOMPARE(changed.count(), 1);
    QCOMPARE(reset.count(), 0);
    QCOMPARE(inserted.count(), 0);
    const QModelIndex topLeft = changed.first().at(0).toModelIndex();
    const QModelIndex bottomRight = changed.first().at(1).toModelIndex();
    QCOMPARE(topLeft.row(), bottomRight.row());
    QCOMPARE(topLeft.data(MembershipModel::DomidRole).toInt(), 3);
    QCOMPARE(model.indexOfDomain(3, MembershipModel::State).data().toString(), QStringLiteral("stopping"));
}

void TestModels::cloneBeforeMasterMovesUnderIt()
{
    MembershipModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.addDomain(domain(5, DomainRole::Clone, 1, QStringLiteral("t1"))); // the load delivered it first
    model.addDomain(domain(1, DomainRole::Master));
    QCOMPARE(model.indexOfDomain(5).parent(), model.indexOfDomain(1));
}

void TestModels::ipSortsNumerically()
{
    MembershipModel model;
    model.addDomain(domain(1, DomainRole::Master));
    model.addDomain(domain(10, DomainRole::Clone, 1, QStringLiteral("t1")));
    model.addDomain(domain(9, DomainRole::Clone, 1, QStringLiteral("t1")));
    // 127.77.0.10 sorts after 127.77.0.9 by the raw value, though not as text.
    QVERIFY(model.indexOfDomain(10, MembershipModel::Ip).data(MembershipModel::SortRole).toUInt() >
            model.indexOfDomain(9, MembershipModel::Ip).data(MembershipModel::SortRole).toUInt());
}

void TestModels::ticketsIncremental()
{
    TicketModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.addTicket(ticket(2, TicketState::Granted));
    model.addTicket(ticket(10, TicketState::Granted));
    model.addTicket(ticket(1, TicketState::Used));
    QCOMPARE(model.index(0, TicketModel::Id).data().toString(), QStringLiteral("t1")); // numeric order
    QCOMPARE(model.index(2, TicketModel::Id).data().toString(), QStringLiteral("t10"));
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    model.changeTicket(ticket(2, TicketState::Granted), ticket(2, TicketState::Released));
    QCOMPARE(changed.count(), 1);
    QCOMPARE(changed.first().at(0).toModelIndex().row(), 1);
    model.removeTicket(ticket(1, TicketState::Used));
    QCOMPARE(model.rowCount(), 2);
}

void TestModels::eventLogIsBounded()
{
    EventLogModel model(3);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    for (int i = 0; i < 5; ++i)
        model.append(QDateTime::currentDateTimeUtc(), QStringLiteral("info"), QStringLiteral("test"),
                     QString::number(i));
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(model.index(0, EventLogModel::Message).data().toString(), QStringLiteral("2"));
    // The sink hands entries over from another thread, queued.
    auto sink = std::make_shared<EventLogSink>(&model);
    spdlog::logger logger("sinktest", sink);
    std::thread([&] { logger.warn("from a worker thread"); }).join();
    QTRY_COMPARE_WITH_TIMEOUT(model.index(2, EventLogModel::Message).data().toString(),
                              QStringLiteral("from a worker thread"), 5000);
    QCOMPARE(model.index(2, EventLogModel::Level).data().toString(), QStringLiteral("warning"));
}

QTEST_GUILESS_MAIN(TestModels)
#include "test_models.moc"
