#include "SqliteStore.h"

#include "CapacityLedger.h"
#include "JournalStore.h"
#include "Log.h"
#include "SqliteDatabase.h"
#include "SqliteSchema.h"

#include <QDateTime>
#include <QFile>
#include <QFileInfo>

namespace clonedeck {

namespace {

const QString kImportedJournal = QStringLiteral("journal_imported");

QString subjectName(Transition::Subject subject)
{
    return subject == Transition::Subject::Ticket ? QStringLiteral("ticket") : QStringLiteral("domain");
}

Error unreadableRow(const QString &path, const QString &what, const Error &why)
{
    return Error{EILSEQ, path,
                 QStringLiteral("unreadable %1 in the platform's database (%2); refusing it rather than "
                                "guessing")
                     .arg(what, why.message)};
}

} // namespace

SqliteStore::SqliteStore(QString path, QString legacyJournalPath)
    : m_path(std::move(path))
    , m_legacyJournalPath(std::move(legacyJournalPath))
{}

SqliteStore::~SqliteStore() = default;

Status SqliteStore::openDatabase()
{
    auto db = SqliteDatabase::open(m_path, true);
    if (!db)
        return db.error();
    m_db = std::move(db).value();
    // WAL: a commit appends to the log and syncs it once. synchronous=FULL, not NORMAL: in WAL
    // mode NORMAL syncs only at checkpoints, so a decision the daemon already acted on (a VM
    // started, a reply written) could vanish with a power cut; FULL makes each commit durable
    // when it returns. locking_mode=EXCLUSIVE, set before WAL is entered: clonedeckd is the
    // database's only connection (it holds the run directory's lock; clonectl reads history
    // through the protocol), so SQLite keeps the WAL index in its own memory instead of a
    // mapped -shm file and takes its file locks once, not at every transaction. quick_check
    // reads every page once: a few ms at this size, and a corrupt file is refused at start-up
    // instead of failing a request later. page_size=1024, which takes effect only when the file is
    // made (an existing database keeps its size): a decision rewrites a few rows in a few pages,
    // and each page it touches is appended to the WAL and synced whole, so smaller pages are fewer
    // bytes per durable commit (docs/protocol.md, the store's version 3).
    const QString configure = QStringLiteral("cannot configure the platform's database");
    if (auto set = m_db->exec(QStringLiteral("PRAGMA page_size=1024; PRAGMA locking_mode=EXCLUSIVE; "
                                             "PRAGMA journal_mode=WAL; "
                                             "PRAGMA synchronous=FULL;"),
                              configure);
        !set)
        return set;
    auto check = m_db->prepare("PRAGMA quick_check");
    if (!check)
        return check.error();
    const int rc = (*check)->step();
    const QString verdict = rc == 1 ? (*check)->text(0) : QString();
    (*check)->reset();
    if (rc < 0)
        return m_db->error(-rc, QStringLiteral("cannot check the platform's database"));
    if (verdict != QLatin1String("ok"))
        return Error{EILSEQ, m_path,
                     QStringLiteral("the platform's database failed its integrity check (%1); refusing it "
                                    "rather than replacing it")
                         .arg(verdict)};
    // Foreign keys are enforced from here on; a migration runs without them (SqliteSchema).
    if (auto migrated = SqliteSchema::migrate(*m_db); !migrated)
        return migrated;
    return m_db->exec(QStringLiteral("PRAGMA foreign_keys=ON"), configure);
}

Result<StoredState> SqliteStore::load()
{
    if (auto opened = openDatabase(); !opened)
        return opened.error();
    if (auto imported = importLegacyJournal(); !imported)
        return imported.error();
    StoredState state;
    for (auto read : {&SqliteStore::readCounters, &SqliteStore::readTickets, &SqliteStore::readDomains,
                      &SqliteStore::readRequests}) {
        if (auto done = (this->*read)(state); !done)
            return done.error();
    }
    return state;
}

Status SqliteStore::importLegacyJournal()
{
    if (!QFileInfo::exists(m_legacyJournalPath))
        return Done{};
    auto flag = m_db->prepare("SELECT value FROM meta WHERE key = ?1");
    if (!flag)
        return flag.error();
    const bool alreadyImported = (*flag)->bindAll(kImportedJournal).step() == 1;
    (*flag)->reset();
    if (!alreadyImported) {
        auto contents = Journal::read(m_legacyJournalPath);
        if (!contents)
            return contents.error();
        const StoredState old = JournalStore::toState(*contents);
        Decision everything;
        for (const TicketInfo &ticket : old.tickets)
            everything.putTicket(ticket, old.waitingRequests.value(ticket.id));
        for (const DomainInfo &domain : old.domains)
            everything.putDomain(domain);
        everything.setCounters(old.counters);
        if (auto written = write(everything, true); !written)
            return written;
        spdlog::info("platform database {}: imported {} ticket(s) and {} domain(s) from the journal {}",
                     m_path, old.tickets.size(), old.domains.size(), m_legacyJournalPath);
    }
    // Renamed, not removed: what an earlier version wrote stays there to look at.
    const QString renamed = m_legacyJournalPath + QStringLiteral(".imported");
    QFile::remove(renamed);
    if (!QFile::rename(m_legacyJournalPath, renamed))
        spdlog::warn("cannot rename the imported journal {}; it is not imported again", m_legacyJournalPath);
    return Done{};
}

Status SqliteStore::commit(const Decision &decision)
{
    if (!m_db)
        return Error{EBADF, m_path, QStringLiteral("the platform's database is not open")};
    auto written = write(decision);
    if (!written)
        spdlog::error("platform database: commit failed: {}", written.error().toString());
    return written;
}

Status SqliteStore::write(const Decision &decision, bool markJournalImported)
{
    const QString what = QStringLiteral("cannot commit to the platform's database");
    auto begin = m_db->prepare("BEGIN IMMEDIATE");
    auto commit = m_db->prepare("COMMIT");
    if (!begin || !commit)
        return !begin ? begin.error() : commit.error();
    if (auto begun = m_db->run(**begin, what); !begun)
        return begun;
    auto body = [&]() -> Status {
        for (auto it = decision.tickets().begin(); it != decision.tickets().end(); ++it) {
            if (auto done = writeTicket(it.key(), it.value()); !done)
                return done;
        }
        for (auto it = decision.domains().begin(); it != decision.domains().end(); ++it) {
            if (auto done = writeDomain(it.key(), it.value()); !done)
                return done;
        }
        if (markJournalImported) {
            // In the same transaction as what it imported: imported once, whatever happens after.
            auto mark = m_db->prepare("INSERT OR REPLACE INTO meta(key, value) VALUES (?1, ?2)");
            if (!mark)
                return mark.error();
            if (auto done = m_db->run((*mark)->bindAll(kImportedJournal, m_legacyJournalPath), what); !done)
                return done;
        }
        return writeBookkeeping(decision);
    };
    if (auto done = body(); !done) {
        m_db->exec(QStringLiteral("ROLLBACK"), what);
        return done;
    }
    if (auto committed = m_db->run(**commit, what); !committed) {
        m_db->exec(QStringLiteral("ROLLBACK"), what); // a failed COMMIT may leave the transaction open
        return committed;
    }
    return Done{};
}

Status SqliteStore::writeTicket(const QString &id, const Decision::TicketChange &change)
{
    const QString what = QStringLiteral("cannot write ticket %1").arg(id);
    if (!change.ticket) {
        auto drop = m_db->prepare("DELETE FROM tickets WHERE id = ?1");
        return drop ? m_db->run((*drop)->bindAll(id), what) : Status(drop.error());
    }
    const TicketInfo &t = *change.ticket;
    // Upserts, here and for domains, not INSERT OR REPLACE: a REPLACE deletes the old row first, so
    // SQLite keeps a statement journal for it in memory that each commit allocated and freed, and
    // glibc grew and trimmed its heap every time (118 brk calls in 200 rt/release commits, 14 with
    // upserts). A trim flushes the TLB of every CPU: 7 % of a commit loop's CPU profile (perf).
    auto put = m_db->prepare(
        "INSERT INTO tickets(id, owner, cluster, state, requested, granted, vcpus, memory_mb, timeout_ms, "
        "created_ms, expires_ms, used, live, error, waiting_request) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15) "
        "ON CONFLICT(id) DO UPDATE SET owner = ?2, cluster = ?3, state = ?4, requested = ?5, granted = ?6, "
        "vcpus = ?7, memory_mb = ?8, timeout_ms = ?9, created_ms = ?10, expires_ms = ?11, used = ?12, "
        "live = ?13, error = ?14, waiting_request = ?15");
    if (!put)
        return put.error();
    if (auto done = m_db->run((*put)->bindAll(t.id, t.owner, t.cluster, toString(t.state), t.requested,
                                              t.granted, t.vcpus, t.memoryMb, t.timeoutMs, t.createdMs,
                                              t.expiresMs, t.used, t.live, t.error, change.waitingRequest),
                              what);
        !done)
        return done;
    return writeAllocation(t.id, CapacityLedger::parseAllocation(t.allocation), what);
}

Status SqliteStore::writeAllocation(const QString &ticket, const QMap<QString, int> &perHost,
                                    const QString &what)
{
    // Most changes of a ticket (released, used, expired) keep its slots: rows read from the page
    // cache, compared, and left alone spare the commit a WAL page (one of ~5 an rt/release writes).
    auto current = m_db->prepare("SELECT host, slots FROM ticket_allocations WHERE ticket = ?1");
    auto clear = m_db->prepare("DELETE FROM ticket_allocations WHERE ticket = ?1");
    auto allocate = m_db->prepare("INSERT INTO ticket_allocations(ticket, host, slots) VALUES (?1, ?2, ?3)");
    for (const auto *prepared : {&current, &clear, &allocate}) {
        if (!*prepared)
            return prepared->error();
    }
    QMap<QString, int> stored;
    if (auto read = m_db->forEachRow(
            (*current)->bindAll(ticket), what,
            [&](const SqliteStatement &row) { stored.insert(row.text(0), int(row.integer(1))); });
        !read || stored == perHost)
        return read;
    if (auto done = m_db->run((*clear)->bindAll(ticket), what); !done)
        return done;
    for (auto it = perHost.begin(); it != perHost.end(); ++it) {
        if (auto done = m_db->run((*allocate)->bindAll(ticket, it.key(), it.value()), what); !done)
            return done;
    }
    return Done{};
}

Status SqliteStore::writeDomain(int domid, const std::optional<DomainInfo> &domain)
{
    const QString what = QStringLiteral("cannot write domain %1").arg(domid);
    if (!domain) {
        auto drop = m_db->prepare("DELETE FROM domains WHERE domid = ?1");
        return drop ? m_db->run((*drop)->bindAll(domid), what) : Status(drop.error());
    }
    const DomainInfo &d = *domain;
    auto put = m_db->prepare(
        "INSERT INTO domains(domid, name, cluster, role, master, vmid, ticket, state, ip, port, ssh_host, "
        "ssh_port, backend, error, vcpus, memory_mb, host, created_ms) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18) "
        "ON CONFLICT(domid) DO UPDATE SET name = ?2, cluster = ?3, role = ?4, master = ?5, vmid = ?6, "
        "ticket = ?7, state = ?8, ip = ?9, port = ?10, ssh_host = ?11, ssh_port = ?12, backend = ?13, "
        "error = ?14, vcpus = ?15, memory_mb = ?16, host = ?17, created_ms = ?18");
    if (!put)
        return put.error();
    return m_db->run((*put)->bindAll(d.domid, d.name, d.cluster, toString(d.role), d.master, d.vmid, d.ticket,
                                     toString(d.state), d.ip, d.port, d.sshHost, d.sshPort, d.backend,
                                     d.error, d.vcpus, d.memoryMb, d.host, d.createdMs),
                     what);
}

Status SqliteStore::writeBookkeeping(const Decision &decision)
{
    const QString what = QStringLiteral("cannot write the platform's bookkeeping");
    auto counter = m_db->prepare("UPDATE counters SET value = ?2 WHERE name = ?1 AND value <> ?2");
    auto request =
        m_db->prepare("INSERT OR IGNORE INTO requests(at_ms, domid, request_id, op) VALUES (?1, ?2, ?3, ?4)");
    auto transition = m_db->prepare(
        "INSERT INTO transitions(subject, key, owner, state, at_ms, detail) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
    for (const auto *prepared : {&counter, &request, &transition}) {
        if (!*prepared)
            return prepared->error();
    }
    const IdCounters &next = decision.counters();
    if (auto done = m_db->run((*counter)->bindAll(QStringLiteral("next_domid"), next.nextDomid), what); !done)
        return done;
    if (auto done = m_db->run((*counter)->bindAll(QStringLiteral("next_ticket"), next.nextTicket), what);
        !done)
        return done;
    for (const ActedRequest &acted : decision.requests()) {
        if (auto done =
                m_db->run((*request)->bindAll(acted.atMs, acted.domid, acted.requestId, acted.op), what);
            !done)
            return done;
    }
    for (const Transition &t : decision.transitions()) {
        if (auto done = m_db->run(
                (*transition)->bindAll(subjectName(t.subject), t.key, t.owner, t.state, t.atMs, t.detail),
                what);
            !done)
            return done;
    }
    if (++m_commitsSincePrune >= 256) {
        m_commitsSincePrune = 0;
        return prune();
    }
    return Done{};
}

Status SqliteStore::prune()
{
    const QString what = QStringLiteral("cannot prune the platform's history");
    auto requests = m_db->prepare("DELETE FROM requests WHERE at_ms < ?1");
    auto transitions =
        m_db->prepare("DELETE FROM transitions WHERE seq <= (SELECT MAX(seq) FROM transitions) - ?1");
    if (!requests || !transitions)
        return !requests ? requests.error() : transitions.error();
    if (auto done =
            m_db->run((*requests)->bindAll(QDateTime::currentMSecsSinceEpoch() - kRequestRetentionMs), what);
        !done)
        return done;
    return m_db->run((*transitions)->bindAll(kTransitionsKept), what);
}

Status SqliteStore::readCounters(StoredState &state)
{
    auto rows = m_db->prepare("SELECT name, value FROM counters");
    if (!rows)
        return rows.error();
    return m_db->forEachRow(**rows, QStringLiteral("cannot read the counters"),
                            [&](const SqliteStatement &row) {
                                if (row.text(0) == QLatin1String("next_domid"))
                                    state.counters.nextDomid = int(row.integer(1));
                                else if (row.text(0) == QLatin1String("next_ticket"))
                                    state.counters.nextTicket = row.integer(1);
                            });
}

Status SqliteStore::readTickets(StoredState &state)
{
    auto allocations = m_db->prepare("SELECT ticket, host, slots FROM ticket_allocations");
    auto rows = m_db->prepare("SELECT id, owner, cluster, state, requested, granted, vcpus, memory_mb, "
                              "timeout_ms, created_ms, expires_ms, used, live, error, waiting_request "
                              "FROM tickets");
    if (!allocations || !rows)
        return !rows ? rows.error() : allocations.error();
    QHash<QString, QMap<QString, int>> perHost;
    if (auto read = m_db->forEachRow(
            **allocations, QStringLiteral("cannot read the tickets"),
            [&](const SqliteStatement &row) { perHost[row.text(0)][row.text(1)] = int(row.integer(2)); });
        !read)
        return read;
    int rc = 0;
    while ((rc = (*rows)->step()) == 1) {
        SqliteStatement &row = **rows;
        TicketInfo t;
        t.id = row.text(0);
        t.owner = int(row.integer(1));
        t.cluster = row.text(2);
        const auto ticketState = ticketStateFromString(row.text(3));
        if (!ticketState) {
            row.reset();
            return unreadableRow(m_path, QStringLiteral("ticket %1").arg(t.id),
                                 Error{EINVAL, {}, QStringLiteral("state %1").arg(row.text(3))});
        }
        t.state = *ticketState;
        t.requested = int(row.integer(4));
        t.granted = int(row.integer(5));
        t.vcpus = int(row.integer(6));
        t.memoryMb = row.integer(7);
        t.timeoutMs = row.integer(8);
        t.createdMs = row.integer(9);
        t.expiresMs = row.integer(10);
        t.used = int(row.integer(11));
        t.live = int(row.integer(12));
        t.error = row.text(13);
        t.allocation = CapacityLedger::formatAllocation(perHost.value(t.id));
        if (t.state == TicketState::Pending)
            state.waitingRequests.insert(t.id, row.text(14));
        state.tickets.insert(t.id, t);
    }
    (*rows)->reset();
    return rc < 0 ? Status(m_db->error(-rc, QStringLiteral("cannot read the tickets"))) : Status(Done{});
}

Status SqliteStore::readDomains(StoredState &state)
{
    auto rows = m_db->prepare("SELECT domid, name, cluster, role, master, vmid, ticket, state, ip, port, "
                              "ssh_host, ssh_port, backend, error, vcpus, memory_mb, host, created_ms "
                              "FROM domains");
    if (!rows)
        return rows.error();
    int rc = 0;
    while ((rc = (*rows)->step()) == 1) {
        SqliteStatement &row = **rows;
        DomainInfo d;
        d.domid = int(row.integer(0));
        d.name = row.text(1);
        d.cluster = row.text(2);
        const auto role = domainRoleFromString(row.text(3));
        const auto domainState = domainStateFromString(row.text(7));
        if (!role || !domainState) {
            row.reset();
            return unreadableRow(m_path, QStringLiteral("domain %1").arg(d.domid),
                                 Error{EINVAL, {}, row.text(3) + QLatin1Char('/') + row.text(7)});
        }
        d.role = *role;
        d.master = int(row.integer(4));
        d.vmid = int(row.integer(5));
        d.ticket = row.text(6);
        d.state = *domainState;
        d.ip = row.text(8);
        d.port = int(row.integer(9));
        d.sshHost = row.text(10);
        d.sshPort = int(row.integer(11));
        d.backend = row.text(12);
        d.error = row.text(13);
        d.vcpus = int(row.integer(14));
        d.memoryMb = row.integer(15);
        d.host = row.text(16);
        d.createdMs = row.integer(17);
        state.domains.insert(d.domid, d);
    }
    (*rows)->reset();
    return rc < 0 ? Status(m_db->error(-rc, QStringLiteral("cannot read the domains"))) : Status(Done{});
}

Status SqliteStore::readRequests(StoredState &state)
{
    auto rows = m_db->prepare("SELECT domid, request_id, at_ms FROM requests WHERE at_ms >= ?1");
    if (!rows)
        return rows.error();
    return m_db->forEachRow(
        (*rows)->bindAll(QDateTime::currentMSecsSinceEpoch() - kRequestRetentionMs),
        QStringLiteral("cannot read the requests"), [&](const SqliteStatement &row) {
            state.actedRequests.insert({int(row.integer(0)), row.text(1)}, row.integer(2));
        });
}

Result<QList<Transition>> SqliteStore::history(Transition::Subject subject, const QString &key)
{
    if (!m_db)
        return Error{EBADF, m_path, QStringLiteral("the platform's database is not open")};
    auto rows = m_db->prepare(
        "SELECT owner, state, at_ms, detail FROM transitions WHERE subject = ?1 AND key = ?2 ORDER BY seq");
    if (!rows)
        return rows.error();
    QList<Transition> transitions;
    if (auto read = m_db->forEachRow(
            (*rows)->bindAll(subjectName(subject), key), QStringLiteral("cannot read the history"),
            [&](const SqliteStatement &row) {
                transitions.append(
                    Transition{subject, key, int(row.integer(0)), row.text(1), row.integer(2), row.text(3)});
            });
        !read)
        return read.error();
    return transitions;
}

} // namespace clonedeck
