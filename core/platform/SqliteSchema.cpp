#include "SqliteSchema.h"

#include "Log.h"
#include "SqliteDatabase.h"

#include <array>

namespace clonedeck {

namespace {

struct Migration
{
    int version;
    const char *sql;
};

// Append only: a released version's step never changes, a new one goes at the end.
constexpr std::array kMigrations{
    // 1: what must survive a crash: tickets with their allocation per host, domains with
    //    backend, state, both address views and lineage (master, vmid, ticket, created), counters.
    Migration{1, R"sql(
CREATE TABLE counters(name TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
INSERT INTO counters(name, value) VALUES ('next_domid', 1), ('next_ticket', 1);
CREATE TABLE tickets(
    id TEXT PRIMARY KEY, number INTEGER NOT NULL UNIQUE, owner INTEGER NOT NULL, cluster TEXT NOT NULL,
    state TEXT NOT NULL, requested INTEGER NOT NULL, granted INTEGER NOT NULL, vcpus INTEGER NOT NULL,
    memory_mb INTEGER NOT NULL, timeout_ms INTEGER NOT NULL, created_ms INTEGER NOT NULL,
    expires_ms INTEGER NOT NULL, used INTEGER NOT NULL, live INTEGER NOT NULL, error TEXT NOT NULL,
    waiting_request TEXT NOT NULL);
CREATE TABLE ticket_allocations(
    ticket TEXT NOT NULL REFERENCES tickets(id) ON DELETE CASCADE, host TEXT NOT NULL,
    slots INTEGER NOT NULL, PRIMARY KEY (ticket, host)) WITHOUT ROWID;
CREATE TABLE domains(
    domid INTEGER PRIMARY KEY, name TEXT NOT NULL, cluster TEXT NOT NULL, role TEXT NOT NULL,
    master INTEGER NOT NULL, vmid INTEGER NOT NULL, ticket TEXT NOT NULL, state TEXT NOT NULL,
    ip TEXT NOT NULL, port INTEGER NOT NULL, ssh_host TEXT NOT NULL, ssh_port INTEGER NOT NULL,
    backend TEXT NOT NULL, error TEXT NOT NULL, vcpus INTEGER NOT NULL, memory_mb INTEGER NOT NULL,
    host TEXT NOT NULL, created_ms INTEGER NOT NULL);
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
)sql"},
    // 2: what `history` serves, and the request ids already acted on (at most once across restarts).
    Migration{2, R"sql(
CREATE TABLE requests(
    domid INTEGER NOT NULL, request_id TEXT NOT NULL, op TEXT NOT NULL, at_ms INTEGER NOT NULL,
    PRIMARY KEY (domid, request_id)) WITHOUT ROWID;
CREATE INDEX requests_by_age ON requests(at_ms);
CREATE TABLE transitions(
    seq INTEGER PRIMARY KEY, subject TEXT NOT NULL, key TEXT NOT NULL, owner INTEGER NOT NULL,
    state TEXT NOT NULL, at_ms INTEGER NOT NULL, detail TEXT NOT NULL);
CREATE INDEX transitions_by_subject ON transitions(subject, key, seq);
)sql"},
    // 3: fewer b-trees for each decision to write (issue 16). An rt/release pair wrote ~8.7 WAL
    //    pages per commit (strace: 10,431 pwrite64 for 600 commits, a header and a page each).
    //    tickets: keyed by their id WITHOUT ROWID, one b-tree where there were three (the rowid
    //    table, the id's autoindex, UNIQUE(number), a number nothing read). requests: keyed by
    //    time first WITHOUT ROWID, so a new id appends to the last page and pruning by age is a
    //    range of the key, where there were a table and an index. At most once per request is
    //    kept by the control plane's loaded set (PlatformState), not by this key. Foreign keys
    //    are off while this runs (a DROP TABLE would cascade into ticket_allocations) and
    //    checked before it commits.
    Migration{3, R"sql(
CREATE TABLE tickets_v3(
    id TEXT PRIMARY KEY, owner INTEGER NOT NULL, cluster TEXT NOT NULL, state TEXT NOT NULL,
    requested INTEGER NOT NULL, granted INTEGER NOT NULL, vcpus INTEGER NOT NULL,
    memory_mb INTEGER NOT NULL, timeout_ms INTEGER NOT NULL, created_ms INTEGER NOT NULL,
    expires_ms INTEGER NOT NULL, used INTEGER NOT NULL, live INTEGER NOT NULL, error TEXT NOT NULL,
    waiting_request TEXT NOT NULL) WITHOUT ROWID;
INSERT INTO tickets_v3(id, owner, cluster, state, requested, granted, vcpus, memory_mb, timeout_ms,
    created_ms, expires_ms, used, live, error, waiting_request)
    SELECT id, owner, cluster, state, requested, granted, vcpus, memory_mb, timeout_ms, created_ms,
        expires_ms, used, live, error, waiting_request FROM tickets;
DROP TABLE tickets;
ALTER TABLE tickets_v3 RENAME TO tickets;
CREATE TABLE requests_v3(
    at_ms INTEGER NOT NULL, domid INTEGER NOT NULL, request_id TEXT NOT NULL, op TEXT NOT NULL,
    PRIMARY KEY (at_ms, domid, request_id)) WITHOUT ROWID;
INSERT INTO requests_v3(at_ms, domid, request_id, op) SELECT at_ms, domid, request_id, op FROM requests;
DROP TABLE requests;
ALTER TABLE requests_v3 RENAME TO requests;
)sql"},
};

// A step must leave every reference whole: checked inside its transaction, before it commits.
Status checkForeignKeys(SqliteDatabase &db, const QString &what)
{
    auto check = db.prepare("PRAGMA foreign_key_check");
    if (!check)
        return check.error();
    int dangling = 0; // rows that refer to nothing, and the tables they are in
    QStringList tables;
    const auto note = [&](const SqliteStatement &row) {
        ++dangling;
        if (!tables.contains(row.text(0)))
            tables.append(row.text(0));
    };
    if (auto read = db.forEachRow(**check, what, note); !read || dangling == 0)
        return read;
    return Error{EILSEQ, db.path(),
                 what + QStringLiteral(": %1 row(s) of %2 refer to nothing")
                            .arg(dangling)
                            .arg(tables.join(QStringLiteral(", ")))};
}

} // namespace

int SqliteSchema::latestVersion()
{
    return kMigrations.back().version;
}

Result<int> SqliteSchema::version(SqliteDatabase &db)
{
    auto statement = db.prepare("PRAGMA user_version");
    if (!statement)
        return statement.error();
    const int rc = (*statement)->step();
    const int found = rc == 1 ? int((*statement)->integer(0)) : 0;
    (*statement)->reset();
    if (rc < 0)
        return db.error(-rc, QStringLiteral("cannot read the schema version"));
    return found;
}

Status SqliteSchema::migrate(SqliteDatabase &db, int target)
{
    if (target < 0)
        target = latestVersion();
    const auto current = version(db);
    if (!current)
        return current.error();
    if (*current > latestVersion())
        return Error{EPROTO, db.path(),
                     QStringLiteral("the database has schema version %1, newer than this clonedeckd knows "
                                    "(%2); refusing to touch it")
                         .arg(*current)
                         .arg(latestVersion())};
    // Off for the steps (a table rebuilt under enforcement would cascade its DROP into the rows
    // that refer to it, and the pragma is a no-op inside a transaction); the store turns it on after.
    if (auto off = db.exec(QStringLiteral("PRAGMA foreign_keys=OFF"), QStringLiteral("cannot migrate")); !off)
        return off;
    for (const Migration &step : kMigrations) {
        if (step.version <= *current || step.version > target)
            continue;
        const QString what = QStringLiteral("cannot migrate the schema to version %1").arg(step.version);
        auto done = db.exec(QStringLiteral("BEGIN IMMEDIATE;") + QString::fromUtf8(step.sql), what);
        if (done)
            done = checkForeignKeys(db, what);
        if (done)
            done = db.exec(QStringLiteral("PRAGMA user_version = %1; COMMIT;").arg(step.version), what);
        if (!done) {
            db.exec(QStringLiteral("ROLLBACK"), what);
            return done;
        }
        spdlog::info("platform database {}: schema version {}", db.path(), step.version);
    }
    return Done{};
}

} // namespace clonedeck
