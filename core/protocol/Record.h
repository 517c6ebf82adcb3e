#pragma once

#include "Error.h"

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>

#include <optional>

namespace clonedeck {

// One xenstore value in the protocol's compact form: `key=value key=value ...`.
// Keys are [a-z][a-z0-9_]{0,31}; values are UTF-8, percent-encoded outside a safe
// set, so a record never holds a space, a control character or a byte a shell or
// a terminal would act on. One record per node lets a reader load a domain or a
// ticket with one xenstore read (see docs/protocol.md, "Records").
class Record
{
public:
    static constexpr int kMaxBytes = 2048;
    static constexpr int kMaxFields = 48;

    static Result<Record> parse(const QByteArray &text);
    QByteArray serialize() const;

    bool contains(const QString &key) const;
    QString value(const QString &key, const QString &fallback = {}) const;
    // Numbers with bounds; absent, malformed or out of range -> an EINVAL error naming the key.
    Result<qint64> integer(const QString &key, qint64 min, qint64 max) const;
    std::optional<qint64> optionalInteger(const QString &key) const;

    void set(const QString &key, const QString &value);
    void set(const QString &key, qint64 value);
    void remove(const QString &key);
    QStringList keys() const;
    bool isEmpty() const { return m_fields.isEmpty(); }
    bool operator==(const Record &other) const = default;

    static bool isValidKey(const QString &key);

private:
    QList<QPair<QString, QString>> m_fields; // insertion order kept, so serialized records are stable
};

} // namespace clonedeck
