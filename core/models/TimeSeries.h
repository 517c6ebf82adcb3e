#pragma once

// One measured quantity over time, as a sampler takes it: points appended in time order, the
// oldest dropped beyond a fixed capacity, so memory stays bounded however long the console runs
// (3,600 points of 16 bytes: 56 KiB for an hour at one sample a second).
#include <QList>
#include <QString>

#include <deque>
#include <optional>

namespace clonedeck {

struct TimePoint
{
    qint64 ms = 0; // when it was taken, on the sampler's clock
    double value = 0;
    bool operator==(const TimePoint &) const = default;
};

class TimeSeries
{
public:
    explicit TimeSeries(qsizetype capacity);

    void append(qint64 ms, double value);
    // Points taken at fromMs or later, oldest first.
    QList<TimePoint> since(qint64 fromMs) const;
    qsizetype size() const { return qsizetype(m_points.size()); }
    qsizetype capacity() const { return m_capacity; }
    bool isEmpty() const { return m_points.empty(); }
    const TimePoint &last() const { return m_points.back(); }
    // The value taken at exactly this time, if there is one.
    std::optional<double> valueAt(qint64 ms) const;

private:
    std::deque<TimePoint>::const_iterator firstAtOrAfter(qint64 ms) const;

    qsizetype m_capacity;
    std::deque<TimePoint> m_points;
};

} // namespace clonedeck
