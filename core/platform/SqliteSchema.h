#pragma once

// The platform database's schema, by version (PRAGMA user_version), and the
// migrations that bring an older file up to date, each in its own transaction.
// A file from a newer clonedeckd is refused, never downgraded.
#include "Error.h"

namespace clonedeck {

class SqliteDatabase;

class SqliteSchema
{
public:
    static int latestVersion();
    // Brings the database to `target` (default: the latest) step by step.
    static Status migrate(SqliteDatabase &db, int target = -1);
    static Result<int> version(SqliteDatabase &db);
};

} // namespace clonedeck
