#include "NiceAxis.h"

#include <cmath>

namespace clonedeck {

NiceAxis NiceAxis::fit(double lo, double hi, int maxTicks, bool integral)
{
    if (!std::isfinite(lo) || !std::isfinite(hi))
        return {};
    if (hi < lo)
        std::swap(lo, hi);
    if (hi == lo) { // nothing to scale by (every rate still 0): one unit above the value
        const double base = std::floor(lo);
        return {base, base + 1, integral ? 1.0 : 0.2};
    }
    maxTicks = std::max(3, maxTicks);
    const double span = std::max(hi - lo, integral ? 1.0 : 0.0);
    const double rough = span / (maxTicks - 1);
    const double factors[] = {1, 2, 2.5, 5};
    // Candidate steps in increasing order from the power of ten at or below the rough step;
    // the first whose bounds need no more than maxTicks ticks wins.
    for (double power = std::pow(10.0, std::floor(std::log10(rough)));; power *= 10) {
        for (const double factor : factors) {
            const double step = factor * power;
            if (step < rough || (integral && (step < 1 || step != std::floor(step))))
                continue;
            NiceAxis axis{std::floor(lo / step) * step, (std::floor(hi / step) + 1) * step, step};
            if (axis.tickCount() <= maxTicks)
                return axis;
        }
    }
}

} // namespace clonedeck
