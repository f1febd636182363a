#pragma once
#include <vector>

namespace fovea::psychophysics {

// The q-quantile (q in [0, 1]) of `values` by linear interpolation between order statistics;
// NaN for no values.
double percentile(std::vector<double> values, double q);

}  // namespace fovea::psychophysics
