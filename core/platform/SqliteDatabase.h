#pragma once

// A thin, error-as-value wrapper over one libsqlite3 connection and its prepared
// statements. libsqlite3 rather than Qt SQL: its extended result codes plus
// sqlite3_system_errno() tell a full disk (ENOSPC), a write-protected file system
// (EROFS), a file size limit (EFBIG) and a corrupt file apart, which Qt SQL's
// QSqlError folds into driver text (docs/protocol.md, "Persistence").
#include "Error.h"

#include <QHash>
#include <QString>

#include <functional>
#include <memory>

struct sqlite3;
struct sqlite3_stmt;

namespace clonedeck {

class SqliteStatement
{
public:
    explicit SqliteStatement(sqlite3_stmt *statement)
        : m_statement(statement)
    {}
    ~SqliteStatement();
    SqliteStatement(const SqliteStatement &) = delete;
    SqliteStatement &operator=(const SqliteStatement &) = delete;

    // Binds the values to ?1, ?2, ... in order (after a reset).
    template<typename... Values>
    SqliteStatement &bindAll(const Values &...values)
    {
        reset();
        int index = 0;
        (bind(++index, values), ...);
        return *this;
    }
    // One step: true while it yields rows; false when done; an sqlite result code on failure.
    int step();
    qint64 integer(int column) const;
    QString text(int column) const;
    void reset();

private:
    void bind(int index, qint64 value);
    void bind(int index, int value) { bind(index, qint64(value)); }
    void bind(int index, const QString &value);

    sqlite3_stmt *m_statement;
};

class SqliteDatabase
{
public:
    // Opens (creating if `create`) the database file. Nothing is read yet.
    static Result<std::unique_ptr<SqliteDatabase>> open(const QString &path, bool create);
    ~SqliteDatabase();

    QString path() const { return m_path; }
    Status exec(const QString &sql, const QString &what);
    // A statement prepared once and kept for the connection's life (the SQL text is its key).
    Result<SqliteStatement *> prepare(const char *sql);
    // Runs a statement expected to complete; an error names what was being done.
    Status run(SqliteStatement &statement, const QString &what);
    // Steps through a query (bound already), handing each row to `row`, and resets it.
    Status forEachRow(SqliteStatement &statement, const QString &what,
                      const std::function<void(const SqliteStatement &)> &row);
    // The errno class and a message for the connection's last failure (rc: the result code).
    Error error(int rc, const QString &what) const;
    sqlite3 *handle() const { return m_db; }

private:
    SqliteDatabase(sqlite3 *db, QString path);

    sqlite3 *m_db;
    QString m_path;
    QHash<const char *, std::shared_ptr<SqliteStatement>> m_statements;
};

} // namespace clonedeck
