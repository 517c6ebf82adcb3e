// The platform database's schema version 3 (issue 16): a version 2 file comes up
// with everything in it and its foreign keys whole, a step that would leave a
// dangling reference is refused, and an rt/release decision writes few pages.
#include "CommittedState.h"
#include "PlatformConfig.h"
#include "SqliteDatabase.h"
#include "SqliteSchema.h"
#include "SqliteStore.h"
#include "WalFrames.h"

#include <QDateTime>
#include <QTemporaryDir>
#include <QTest>

#include <numeric>

using namespace clonedeck;
using clonedeck::test::walPageSize;
using clonedeck::test::walPagesPerCommit;

class TestStoreSchema : public QObject
{
    Q_OBJECT
private slots:
    void version2MigratesWithEverythingInIt();
    void migrationRefusesADanglingReference();
    void rtAndReleaseWriteFewPages();
};

namespace {

qint64 scalar(SqliteDatabase &db, const char *sql)
{
    auto statement = db.prepare(sql);
    if (!statement || (*statement)->step() != 1)
        return -1;
    const qint64 value = (*statement)->integer(0);
    (*statement)->reset();
    return value;
}

// What a version 2 clonedeckd wrote: two tickets with their slots per host, a master, an acted-on
// request and transitions.
const char *const kVersion2Rows = R"sql(
UPDATE counters SET value = 9 WHERE name = 'next_ticket';
UPDATE counters SET value = 4 WHERE name = 'next_domid';
INSERT INTO tickets VALUES ('t7', 7, 1, 'default', 'granted', 3, 3, 1, 16, 0, 1000, 4102444800000, 0, 0,
    '', '');
INSERT INTO tickets VALUES ('t8', 8, 1, 'default', 'released', 1, 1, 1, 16, 0, 2000, 0, 0, 0, '', '');
INSERT INTO ticket_allocations VALUES ('t7', 'host1', 2), ('t7', 'host2', 1), ('t8', 'host1', 1);
INSERT INTO domains VALUES (1, 'm', 'default', 'master', 1, 1, '', 'running', '127.77.0.1', 22, '', 0,
    'sandbox', '', 1, 64, 'host1', 500);
INSERT INTO transitions(subject, key, owner, state, at_ms, detail) VALUES ('ticket', 't8', 1, 'granted',
    2000, ''), ('ticket', 't8', 1, 'released', 2100, '');
)sql";

} // namespace

void TestStoreSchema::version2MigratesWithEverythingInIt()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("platform.db"));
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    {
        auto db = SqliteDatabase::open(path, true);
        QVERIFY(db.ok());
        QVERIFY(SqliteSchema::migrate(**db, 2).ok());
        QVERIFY((*db)->exec(QString::fromUtf8(kVersion2Rows), {}).ok());
        QVERIFY((*db)
                    ->exec(QStringLiteral("INSERT INTO requests VALUES (1, 'r-rt', 'rt', %1)").arg(now), {})
                    .ok());
        // Enforced, as version 2's store had it: the migration must still not cascade its rebuild
        // of `tickets` into their slots.
        QVERIFY((*db)->exec(QStringLiteral("PRAGMA foreign_keys=ON"), {}).ok());
        QVERIFY(SqliteSchema::migrate(**db).ok());
        QCOMPARE(SqliteSchema::version(**db).value(), 3);
        QCOMPARE(scalar(**db, "SELECT count(*) FROM ticket_allocations"), 3);
        QCOMPARE(scalar(**db, "SELECT count(*) FROM sqlite_master WHERE sql LIKE '%WITHOUT ROWID%' AND "
                              "name IN ('tickets', 'requests')"),
                 2);
        QCOMPARE(scalar(**db, "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name NOT LIKE "
                              "'sqlite_autoindex_%' AND tbl_name IN ('tickets', 'requests')"),
                 0);
    }
    {
        SqliteStore store(path, dir.filePath(QStringLiteral("journal")));
        const auto loaded = store.load();
        QVERIFY(loaded.ok());
        QCOMPARE(loaded->tickets.keys(), (QStringList{QStringLiteral("t7"), QStringLiteral("t8")}));
        QCOMPARE(loaded->tickets.value(QStringLiteral("t7")).allocation, QStringLiteral("host1:2,host2:1"));
        QVERIFY(loaded->tickets.value(QStringLiteral("t8")).state == TicketState::Released);
        QCOMPARE(loaded->domains.keys(), QList<int>{1});
        QCOMPARE(loaded->counters.nextTicket, 9);
        QCOMPARE(loaded->counters.nextDomid, 4);
        QCOMPARE(loaded->actedRequests.value({1, QStringLiteral("r-rt")}), now);
        const auto history = store.history(Transition::Subject::Ticket, QStringLiteral("t8"));
        QVERIFY(history.ok());
        QCOMPARE(history->size(), 2);
        QCOMPARE(history->last().state, QStringLiteral("released"));
        // The slots still belong to their ticket: retiring it takes them along.
        Decision retire;
        retire.dropTicket(QStringLiteral("t7"));
        retire.setCounters(loaded->counters);
        QVERIFY(store.commit(retire).ok());
    }
    auto db = SqliteDatabase::open(path, false);
    QVERIFY(db.ok());
    QCOMPARE(scalar(**db, "SELECT count(*) FROM ticket_allocations"), 1);
}

void TestStoreSchema::migrationRefusesADanglingReference()
{
    QTemporaryDir dir;
    auto db = SqliteDatabase::open(dir.filePath(QStringLiteral("platform.db")), true);
    QVERIFY(db.ok());
    QVERIFY(SqliteSchema::migrate(**db, 2).ok());
    // Slots of a ticket that is not there (written with enforcement off): version 3 is not built on it.
    QVERIFY(
        (*db)->exec(QStringLiteral("INSERT INTO ticket_allocations VALUES ('t99', 'host1', 1)"), {}).ok());
    const auto migrated = SqliteSchema::migrate(**db);
    QVERIFY(!migrated.ok());
    QCOMPARE(Error::errnoName(migrated.error().code), QStringLiteral("EILSEQ"));
    QVERIFY2(migrated.error().message.contains(QStringLiteral("ticket_allocations")),
             qPrintable(migrated.error().message));
    QCOMPARE(SqliteSchema::version(**db).value(), 2); // rolled back whole
    QCOMPARE(scalar(**db, "SELECT count(*) FROM tickets WHERE number >= 0"), 0);
}

void TestStoreSchema::rtAndReleaseWriteFewPages()
{
    // What made SQLite's rt/release slower than the journal was CPU spent writing pages, not
    // syncs (equal): version 2 wrote 9 pages for a grant and 6 for a release (three b-trees for
    // tickets, an index for requests, the slots rewritten unchanged).
    QTemporaryDir dir;
    const QString wal = dir.filePath(QStringLiteral("platform.db-wal"));
    PlatformConfig config;
    CommittedState committed(config,
                             std::make_unique<SqliteStore>(dir.filePath(QStringLiteral("platform.db")),
                                                           dir.filePath(QStringLiteral("journal"))));
    QVERIFY(committed.load().ok());
    DomainInfo master;
    master.domid = 1;
    master.name = QStringLiteral("m");
    master.cluster = QStringLiteral("default");
    master.backend = QStringLiteral("sandbox");
    master.state = DomainState::Running;
    master.host = QStringLiteral("host1");
    Decision start;
    start.putDomain(master);
    QVERIFY(committed.commit(start).ok());
    QList<int> grants;
    QList<int> releases;
    for (int pair = 0; pair < 40; ++pair) {
        TicketInfo ticket;
        ticket.id = QStringLiteral("t%1").arg(committed.state().counters().nextTicket);
        ticket.owner = 1;
        ticket.cluster = master.cluster;
        ticket.state = TicketState::Granted;
        ticket.requested = ticket.granted = ticket.vcpus = 1;
        ticket.memoryMb = 16;
        ticket.allocation = QStringLiteral("host1:1");
        for (QList<int> *pages : {&grants, &releases}) {
            Decision decision;
            decision.putTicket(ticket);
            decision.actOn(1, QStringLiteral("r%1-%2").arg(pair).arg(pages == &grants), QStringLiteral("rt"),
                           QDateTime::currentMSecsSinceEpoch());
            QVERIFY(committed.commit(decision).ok());
            pages->append(walPagesPerCommit(wal).last());
            ticket.state = TicketState::Released;
        }
    }
    // A grant: the ticket, its slots, the next ticket number, the request id, the transition and
    // its index; a release the same less the slots and the counter. A page more now and then as
    // the file grows (its first page holds the size).
    const auto average = [](const QList<int> &pages) {
        return std::accumulate(pages.begin(), pages.end(), 0.0) / double(pages.size());
    };
    qInfo("pages per commit: grant %.2f, release %.2f", average(grants), average(releases));
    QVERIFY2(average(grants) <= 6.5, qPrintable(QString::number(average(grants))));
    QVERIFY2(average(releases) <= 4.5, qPrintable(QString::number(average(releases))));
    // Each of those pages is synced whole: a new database's 1 KiB pages make a grant 6 KiB of
    // WAL, not the 24 KiB that SQLite's default 4 KiB pages would.
    QCOMPARE(walPageSize(wal), 1024);
}

QTEST_GUILESS_MAIN(TestStoreSchema)
#include "test_store_schema.moc"
