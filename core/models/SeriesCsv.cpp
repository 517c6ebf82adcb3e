#include "SeriesCsv.h"

#include <QMap>

namespace clonedeck {

namespace {
QByteArray csvField(const QString &text)
{
    if (!text.contains(QLatin1Char(',')) && !text.contains(QLatin1Char('"')) &&
        !text.contains(QLatin1Char('\n')))
        return text.toUtf8();
    QString quoted = text;
    quoted.replace(QLatin1Char('"'), QStringLiteral("\"\""));
    return '"' + quoted.toUtf8() + '"';
}
} // namespace

QByteArray seriesToCsv(const QList<SeriesColumn> &columns, qint64 fromMs, const QDateTime &clockZero)
{
    QByteArray csv = "time";
    QMap<qint64, QList<std::optional<double>>> rows; // sample time -> a cell per column
    for (qsizetype c = 0; c < columns.size(); ++c) {
        csv += ',' + csvField(columns[c].title);
        if (!columns[c].series)
            continue;
        for (const TimePoint &point : columns[c].series->since(fromMs)) {
            auto &cells = rows[point.ms];
            cells.resize(columns.size());
            cells[c] = point.value;
        }
    }
    csv += "\r\n";
    for (auto row = rows.cbegin(); row != rows.cend(); ++row) {
        csv += clockZero.addMSecs(row.key()).toUTC().toString(Qt::ISODateWithMs).toUtf8();
        for (const std::optional<double> &cell : row.value()) {
            csv += ',';
            if (cell)
                csv += QByteArray::number(*cell, 'g', 12);
        }
        csv += "\r\n";
    }
    return csv;
}

} // namespace clonedeck
