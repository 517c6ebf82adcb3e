#pragma once

// What a SQLite write-ahead log holds: for each transaction committed in its live
// generation (frames whose salts match the header's), how many pages it wrote.
// Tests count commits per decision and pages per commit with it (issue 16).
#include <QList>
#include <QString>

namespace clonedeck::test {

// Pages of each committed transaction, oldest first; empty for a missing or empty log.
QList<int> walPagesPerCommit(const QString &walPath);
// The page size the log's header names (every frame carries one page of it); 0 for a missing log.
int walPageSize(const QString &walPath);

} // namespace clonedeck::test
