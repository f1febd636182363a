#include "core/psychophysics/nelder_mead.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace fovea::psychophysics {

Minimum nelderMead(const std::function<double(const std::vector<double>&)>& f,
                   std::vector<double> start, const std::vector<double>& step, double tolerance,
                   int max_evaluations) {
  const std::size_t n = start.size();
  int evaluations = 0;
  auto value = [&](const std::vector<double>& x) {
    ++evaluations;
    const double v = f(x);
    return std::isfinite(v) ? v : std::numeric_limits<double>::infinity();
  };
  std::vector<std::vector<double>> simplex(n + 1, start);
  for (std::size_t i = 0; i < n; ++i) simplex[i + 1][i] += step[i];
  std::vector<double> values(n + 1);
  for (std::size_t i = 0; i <= n; ++i) values[i] = value(simplex[i]);
  std::vector<std::size_t> order(n + 1);

  auto along = [n](const std::vector<double>& from, const std::vector<double>& to, double t) {
    std::vector<double> out(n);
    for (std::size_t i = 0; i < n; ++i) out[i] = from[i] + t * (to[i] - from[i]);
    return out;
  };
  while (evaluations < max_evaluations) {
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(), [&](auto a, auto b) { return values[a] < values[b]; });
    const std::size_t best = order.front(), worst = order.back(), second = order[n - 1];
    if (std::abs(values[worst] - values[best]) <= tolerance * (std::abs(values[best]) + 1e-12) &&
        std::isfinite(values[worst])) {
      break;
    }
    std::vector<double> centroid(n, 0.0);
    for (std::size_t i = 0; i <= n; ++i) {
      if (i == worst) continue;
      for (std::size_t d = 0; d < n; ++d) centroid[d] += simplex[i][d] / static_cast<double>(n);
    }
    // Reflect the worst point through the centroid, then expand, contract or shrink.
    const auto reflected = along(centroid, simplex[worst], -1.0);
    const double r = value(reflected);
    if (r < values[best]) {
      const auto expanded = along(centroid, simplex[worst], -2.0);
      const double e = value(expanded);
      simplex[worst] = e < r ? expanded : reflected;
      values[worst] = std::min(e, r);
    } else if (r < values[second]) {
      simplex[worst] = reflected;
      values[worst] = r;
    } else {
      const bool outside = r < values[worst];
      const auto contracted = along(centroid, outside ? reflected : simplex[worst], 0.5);
      const double c = value(contracted);
      if (c < std::min(r, values[worst])) {
        simplex[worst] = contracted;
        values[worst] = c;
      } else {
        for (std::size_t i = 0; i <= n; ++i) {
          if (i == best) continue;
          simplex[i] = along(simplex[best], simplex[i], 0.5);
          values[i] = value(simplex[i]);
        }
      }
    }
  }
  const auto best = std::min_element(values.begin(), values.end()) - values.begin();
  return {simplex[static_cast<std::size_t>(best)], values[static_cast<std::size_t>(best)],
          evaluations};
}

}  // namespace fovea::psychophysics
