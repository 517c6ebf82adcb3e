#pragma once

// A chart's data as CSV (RFC 4180): a header row, then one row per sample time, oldest first,
// the time in UTC (ISO 8601, milliseconds) and one column per series; a series without a
// point at that time (a host that appeared later) leaves its cell empty.
#include "TimeSeries.h"

#include <QByteArray>
#include <QDateTime>

namespace clonedeck {

struct SeriesColumn
{
    QString title;
    const TimeSeries *series = nullptr;
};

// fromMs: the first sample time to include, on the sampler's clock; clockZero: the wall-clock
// time of the sampler's ms 0.
QByteArray seriesToCsv(const QList<SeriesColumn> &columns, qint64 fromMs, const QDateTime &clockZero);

} // namespace clonedeck
