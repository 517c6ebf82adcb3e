#pragma once

// The platform's write-ahead journal: every change to tickets and domains is
// appended and synced to disk *before* the platform acts on it, so a daemon
// killed at any moment restarts into a state it can reconcile (roll back what
// was being created, finish what was being destroyed). Append-only lines
// `put <kind> <key> <record>` / `drop <kind> <key>`; compacted on open and when
// it grows past four times its live size.
#include "Error.h"
#include "Record.h"

#include <QFile>
#include <QMap>
#include <QString>

namespace clonedeck {

struct JournalEntry
{
    enum class Action
    {
        Put,
        Drop
    };
    Action action = Action::Put;
    QString kind; // "ticket", "domain", "meta"
    QString key;
    Record record;
};

class Journal
{
public:
    using Contents = QMap<QString, QMap<QString, Record>>; // kind -> key -> record

    explicit Journal(QString path);
    ~Journal();

    // Reads what is there (ignoring a torn last line), compacts, and opens for appending.
    Result<Contents> open();
    // Only reads what a journal holds (an absent file holds nothing).
    static Result<Contents> read(const QString &path);
    // Appends and fdatasync()s; an error (ENOSPC, EROFS, EIO) means nothing of this batch counts.
    Status append(const QList<JournalEntry> &entries);
    QString path() const { return m_path; }

    static JournalEntry put(const QString &kind, const QString &key, const Record &record);
    static JournalEntry drop(const QString &kind, const QString &key);

private:
    Status rewrite(const Contents &contents);
    static void apply(Contents &contents, const JournalEntry &entry);

    QString m_path;
    QFile m_file;
    Contents m_live;
    qint64 m_liveBytes = 0;
    qint64 m_syncedBytes = 0; // the file up to here is whole lines, synced; appends go here
    bool m_broken = false;    // a failed append could not be cut off: no more appends
};

} // namespace clonedeck
