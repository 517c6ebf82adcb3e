#include "HistoryRecord.h"

namespace clonedeck {

namespace {
constexpr int kRoomForStatus = 64; // what the reply adds around these fields ("status=ok ")
} // namespace

Record HistoryRecord::toFields() const
{
    Record fields;
    fields.set(QStringLiteral("subject"), subject);
    fields.set(QStringLiteral("key"), key);
    fields.set(QStringLiteral("count"), total);
    if (!lastError.isEmpty())
        fields.set(QStringLiteral("last_error"), lastError.left(300));
    QStringList items;
    for (const HistoryEntry &entry : entries)
        items.append(entry.state + QLatin1Char('@') + QString::number(entry.atMs));
    const int budget =
        Record::kMaxBytes - kRoomForStatus - int(fields.serialize().size()) - int(qstrlen("transitions")) - 2;
    while (!items.isEmpty() && items.join(QLatin1Char(',')).toUtf8().size() > budget)
        items.removeFirst(); // the newest matter most
    fields.set(QStringLiteral("transitions"), items.join(QLatin1Char(',')));
    return fields;
}

Result<HistoryRecord> HistoryRecord::fromFields(const Record &fields)
{
    HistoryRecord history;
    history.subject = fields.value(QStringLiteral("subject"));
    history.key = fields.value(QStringLiteral("key"));
    history.lastError = fields.value(QStringLiteral("last_error"));
    const auto total = fields.integer(QStringLiteral("count"), 0, std::numeric_limits<int>::max());
    if (!total || (history.subject != QLatin1String("ticket") && history.subject != QLatin1String("domain")))
        return Error{EPROTO, QStringLiteral("history"), QStringLiteral("malformed history reply")};
    history.total = int(*total);
    for (const QString &item :
         fields.value(QStringLiteral("transitions")).split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        const qsizetype at = item.indexOf(QLatin1Char('@'));
        bool ok = false;
        const qint64 ms = at > 0 ? item.mid(at + 1).toLongLong(&ok) : 0;
        if (!ok)
            return Error{EPROTO, QStringLiteral("history"),
                         QStringLiteral("malformed transition %1").arg(item)};
        history.entries.append(HistoryEntry{item.left(at), ms});
    }
    return history;
}

} // namespace clonedeck
