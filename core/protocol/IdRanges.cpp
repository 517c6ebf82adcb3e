#include "IdRanges.h"

#include <QStringList>

#include <algorithm>

namespace clonedeck::protocol {

QString formatIdRanges(QList<int> ids)
{
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    QStringList parts;
    for (qsizetype i = 0; i < ids.size();) {
        qsizetype j = i;
        while (j + 1 < ids.size() && ids[j + 1] == ids[j] + 1)
            ++j;
        parts.append(j == i ? QString::number(ids[i]) : QStringLiteral("%1-%2").arg(ids[i]).arg(ids[j]));
        i = j + 1;
    }
    return parts.join(QLatin1Char(','));
}

Result<QList<int>> parseIdRanges(const QString &text, int maxIds)
{
    const auto invalid = [&text](const QString &why) {
        return Error{EINVAL, {}, QStringLiteral("invalid id list \"%1\": %2").arg(text.left(64), why)};
    };
    QList<int> ids;
    for (const QString &part : text.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        const qsizetype dash = part.indexOf(QLatin1Char('-'));
        bool firstOk = false;
        bool lastOk = true;
        const int first = (dash < 0 ? part : part.left(dash)).toInt(&firstOk);
        const int last = dash < 0 ? first : part.mid(dash + 1).toInt(&lastOk);
        if (!firstOk || !lastOk || first < 0 || last < first)
            return invalid(QStringLiteral("bad range \"%1\"").arg(part.left(32)));
        if (qint64(last) - first + 1 + ids.size() > maxIds)
            return invalid(QStringLiteral("more than %1 ids").arg(maxIds));
        for (qint64 id = first; id <= last; ++id) // 64 bits: "...-2147483647" must not wrap
            ids.append(int(id));
    }
    return ids;
}

} // namespace clonedeck::protocol
