#pragma once

// The range and tick step of a chart axis that holds every value shown: a step of 1, 2, 2.5
// or 5 times a power of ten (1, 2 or 5 for counts, so every tick is a whole number), bounds
// on multiples of the step, and the top strictly above the largest value, so a line at the
// maximum is drawn inside the plot, not on its frame. Widget-free, so tests check it.
#include <QtGlobal>

namespace clonedeck {

struct NiceAxis
{
    double min = 0;
    double max = 1;
    double step = 1;

    int tickCount() const { return qRound((max - min) / step) + 1; }
    bool contains(double value) const { return value >= min && value <= max; }

    // lo..hi: the smallest and largest value to show; maxTicks: at most this many ticks (>= 3).
    static NiceAxis fit(double lo, double hi, int maxTicks, bool integral);
};

} // namespace clonedeck
