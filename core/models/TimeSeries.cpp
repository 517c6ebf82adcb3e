#include "TimeSeries.h"

#include <algorithm>

namespace clonedeck {

TimeSeries::TimeSeries(qsizetype capacity)
    : m_capacity(std::max<qsizetype>(1, capacity))
{}

void TimeSeries::append(qint64 ms, double value)
{
    m_points.push_back({ms, value});
    while (qsizetype(m_points.size()) > m_capacity)
        m_points.pop_front();
}

std::deque<TimePoint>::const_iterator TimeSeries::firstAtOrAfter(qint64 ms) const
{
    return std::lower_bound(m_points.begin(), m_points.end(), ms,
                            [](const TimePoint &point, qint64 time) { return point.ms < time; });
}

QList<TimePoint> TimeSeries::since(qint64 fromMs) const
{
    return QList<TimePoint>(firstAtOrAfter(fromMs), m_points.end());
}

std::optional<double> TimeSeries::valueAt(qint64 ms) const
{
    const auto it = firstAtOrAfter(ms);
    if (it == m_points.end() || it->ms != ms)
        return std::nullopt;
    return it->value;
}

} // namespace clonedeck
