#pragma once
// A derivative-free minimiser for the few-parameter fits of psychophysics (psychometric
// functions, their bootstrap refits): Nelder and Mead's simplex with the usual coefficients.
#include <functional>
#include <vector>

namespace fovea::psychophysics {

struct Minimum {
  std::vector<double> x;
  double value = 0;
  int evaluations = 0;
};

// Minimises `f` from `start`, the first simplex spanning `step` along each axis; stops when the
// simplex's values differ by less than `tolerance` or after `max_evaluations`. A non-finite value
// counts as +infinity, so a fit may refuse a region by returning NaN.
Minimum nelderMead(const std::function<double(const std::vector<double>&)>& f,
                   std::vector<double> start, const std::vector<double>& step,
                   double tolerance = 1e-9, int max_evaluations = 4000);

}  // namespace fovea::psychophysics
