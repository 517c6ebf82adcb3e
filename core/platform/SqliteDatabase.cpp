#include "SqliteDatabase.h"

#include "PrivateFiles.h"

#include <QFile>
#include <QFileInfo>

#include <cerrno>
#include <cstring>
#include <sqlite3.h>

namespace clonedeck {

SqliteStatement::~SqliteStatement()
{
    sqlite3_finalize(m_statement);
}

void SqliteStatement::reset()
{
    sqlite3_reset(m_statement);
    sqlite3_clear_bindings(m_statement);
}

void SqliteStatement::bind(int index, qint64 value)
{
    sqlite3_bind_int64(m_statement, index, value);
}

void SqliteStatement::bind(int index, const QString &value)
{
    const QByteArray utf8 = value.toUtf8();
    sqlite3_bind_text(m_statement, index, utf8.constData(), int(utf8.size()), SQLITE_TRANSIENT);
}

int SqliteStatement::step()
{
    errno = 0;
    const int rc = sqlite3_step(m_statement);
    if (rc == SQLITE_ROW)
        return 1;
    if (rc == SQLITE_DONE)
        return 0;
    return rc < 0 ? rc : -rc;
}

qint64 SqliteStatement::integer(int column) const
{
    return sqlite3_column_int64(m_statement, column);
}

QString SqliteStatement::text(int column) const
{
    const auto *bytes = reinterpret_cast<const char *>(sqlite3_column_text(m_statement, column));
    return QString::fromUtf8(bytes, sqlite3_column_bytes(m_statement, column));
}

SqliteDatabase::SqliteDatabase(sqlite3 *db, QString path)
    : m_db(db)
    , m_path(std::move(path))
{}

SqliteDatabase::~SqliteDatabase()
{
    m_statements.clear(); // every statement is finalized before the connection closes
    sqlite3_close(m_db);
}

Result<std::unique_ptr<SqliteDatabase>> SqliteDatabase::open(const QString &path, bool create)
{
    // Created 0600 here (an empty file is an empty database): SQLite would make it 0644, and its
    // -wal and -shm files take the database file's mode. NOFOLLOW: a symlink is refused.
    if (create && !QFileInfo::exists(path)) {
        if (auto made = PrivateFiles::createFile(path, {}, 0600); !made && made.error().code != EEXIST)
            return made.error();
    }
    sqlite3 *db = nullptr;
    const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_NOFOLLOW |
                      (create ? SQLITE_OPEN_CREATE : 0);
    const int rc = sqlite3_open_v2(QFile::encodeName(path).constData(), &db, flags, nullptr);
    std::unique_ptr<SqliteDatabase> database(new SqliteDatabase(db, path));
    if (rc != SQLITE_OK)
        return database->error(rc, QStringLiteral("cannot open the platform's database"));
    sqlite3_extended_result_codes(db, 1);
    return database;
}

Status SqliteDatabase::exec(const QString &sql, const QString &what)
{
    errno = 0;
    const int rc = sqlite3_exec(m_db, sql.toUtf8().constData(), nullptr, nullptr, nullptr);
    if (rc != SQLITE_OK)
        return error(rc, what);
    return Done{};
}

Result<SqliteStatement *> SqliteDatabase::prepare(const char *sql)
{
    if (const auto found = m_statements.constFind(sql); found != m_statements.constEnd())
        return found->get();
    sqlite3_stmt *statement = nullptr;
    const int rc = sqlite3_prepare_v3(m_db, sql, -1, SQLITE_PREPARE_PERSISTENT, &statement, nullptr);
    if (rc != SQLITE_OK)
        return error(rc, QStringLiteral("cannot prepare a statement"));
    auto shared = std::make_shared<SqliteStatement>(statement);
    m_statements.insert(sql, shared);
    return shared.get();
}

Status SqliteDatabase::run(SqliteStatement &statement, const QString &what)
{
    return forEachRow(statement, what, [](const SqliteStatement &) {});
}

Status SqliteDatabase::forEachRow(SqliteStatement &statement, const QString &what,
                                  const std::function<void(const SqliteStatement &)> &row)
{
    int rc = 0;
    while ((rc = statement.step()) == 1)
        row(statement);
    // The failed step's errno outlives the reset: error() falls back on it where SQLite kept none.
    const int failedCall = errno;
    statement.reset();
    errno = failedCall;
    if (rc < 0)
        return error(-rc, what);
    return Done{};
}

Error SqliteDatabase::error(int rc, const QString &what) const
{
    // sqlite3_system_errno() is not set on every path (a failed WAL write leaves it 0); errno,
    // cleared before each call into SQLite, then holds the failing system call's.
    const int lastErrno = errno;
    const int primary = rc & 0xFF;
    const bool fromSystem = primary == SQLITE_IOERR || primary == SQLITE_CANTOPEN || primary == SQLITE_FULL ||
                            primary == SQLITE_READONLY;
    int system = m_db && fromSystem ? sqlite3_system_errno(m_db) : 0;
    if (system == 0 && fromSystem)
        system = lastErrno;
    QString message =
        what + QStringLiteral(": ") + QString::fromUtf8(m_db ? sqlite3_errmsg(m_db) : sqlite3_errstr(rc));
    if (system != 0)
        message += QStringLiteral(" (") + QString::fromLocal8Bit(std::strerror(system)) + QLatin1Char(')');
    int code = EIO;
    switch (primary) {
    case SQLITE_FULL:
        code = system == EFBIG || system == EDQUOT ? system : ENOSPC;
        break;
    case SQLITE_READONLY:
        code = EROFS;
        break;
    case SQLITE_IOERR:
    case SQLITE_CANTOPEN:
        // The system's own word: ENOSPC, EROFS, EFBIG, EACCES, EIO.
        code = system != 0 ? system : EIO;
        break;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
        code = EILSEQ;
        message = what + QStringLiteral(": the file is not a sound Clonedeck database (") +
                  QString::fromUtf8(sqlite3_errstr(rc)) +
                  QStringLiteral("); refusing it rather than replacing it. Restore it from a backup, or "
                                 "move it away to start an empty platform (which then removes the VM "
                                 "disks it does not know)");
        break;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        code = EBUSY;
        break;
    case SQLITE_NOMEM:
        code = ENOMEM;
        break;
    case SQLITE_PERM:
    case SQLITE_AUTH:
        code = EACCES;
        break;
    default:
        break;
    }
    return Error{code, m_path, message};
}

} // namespace clonedeck
