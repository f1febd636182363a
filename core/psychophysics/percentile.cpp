#include "core/psychophysics/percentile.h"

#include <algorithm>
#include <limits>

namespace fovea::psychophysics {

double percentile(std::vector<double> values, double q) {
  if (values.empty()) return std::numeric_limits<double>::quiet_NaN();
  std::sort(values.begin(), values.end());
  const double at = std::clamp(q, 0.0, 1.0) * static_cast<double>(values.size() - 1);
  const auto i = static_cast<std::size_t>(at);
  const double t = at - static_cast<double>(i);
  return i + 1 < values.size() ? values[i] * (1 - t) + values[i + 1] * t : values.back();
}

}  // namespace fovea::psychophysics
