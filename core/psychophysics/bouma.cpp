#include "core/psychophysics/bouma.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>
#include <set>

#include "core/psychophysics/percentile.h"

namespace fovea::psychophysics {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kZ95 = 1.959963984540054;

struct Line {
  double slope = kNaN, intercept = kNaN, r2 = kNaN;
};

Line leastSquares(const std::vector<double>& x, const std::vector<double>& y) {
  const auto n = static_cast<double>(x.size());
  double mx = 0, my = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    mx += x[i] / n;
    my += y[i] / n;
  }
  double sxx = 0, sxy = 0, syy = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    sxx += (x[i] - mx) * (x[i] - mx);
    sxy += (x[i] - mx) * (y[i] - my);
    syy += (y[i] - my) * (y[i] - my);
  }
  Line line;
  if (sxx <= 0) return line;
  line.slope = sxy / sxx;
  line.intercept = my - line.slope * mx;
  line.r2 = syy > 0 ? sxy * sxy / (sxx * syy) : 1.0;
  return line;
}

// Slopes and intercepts of `resamples` redrawn data sets.
std::pair<std::vector<double>, std::vector<double>> resampledLines(
    const std::vector<CriticalSpacing>& points, const Line& fit, int resamples,
    std::uint64_t seed) {
  std::vector<double> x, sd, residuals;
  bool any_sd = false;
  for (const auto& p : points) {
    x.push_back(p.ecc_deg);
    const double spread = (p.high_deg - p.low_deg) / (2 * kZ95);
    sd.push_back(std::isfinite(spread) && spread > 0 ? spread : 0.0);
    any_sd = any_sd || sd.back() > 0;
    residuals.push_back(p.spacing_deg - (fit.slope * p.ecc_deg + fit.intercept));
  }
  // A line that misses its points by more than their own intervals says so: each point's spread
  // is at least the residual scatter about the line.
  if (points.size() > 2) {
    double squares = 0;
    for (double r : residuals) squares += r * r;
    const double scatter = std::sqrt(squares / static_cast<double>(points.size() - 2));
    for (double& v : sd) v = any_sd ? std::max(v, scatter) : v;
  }
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> normal;
  std::uniform_int_distribution<std::size_t> pick(0, points.size() - 1);
  std::vector<double> slopes, intercepts;
  for (int r = 0; r < resamples; ++r) {
    std::vector<double> y;
    for (std::size_t i = 0; i < points.size(); ++i) {
      y.push_back(any_sd ? points[i].spacing_deg + sd[i] * normal(rng)
                         : fit.slope * x[i] + fit.intercept + residuals[pick(rng)]);
    }
    const Line line = leastSquares(x, y);
    if (!std::isfinite(line.slope)) continue;
    slopes.push_back(line.slope);
    intercepts.push_back(line.intercept);
  }
  return {slopes, intercepts};
}

}  // namespace

BoumaFit fitBouma(const std::vector<CriticalSpacing>& points, int resamples, std::uint64_t seed) {
  BoumaFit out;
  out.points = static_cast<int>(points.size());
  std::set<double> eccentricities;
  std::vector<double> x, y;
  for (const auto& p : points) {
    eccentricities.insert(p.ecc_deg);
    x.push_back(p.ecc_deg);
    y.push_back(p.spacing_deg);
  }
  if (eccentricities.size() < 2) {
    out.refusal = "a line needs thresholds at two eccentricities at least";
    return out;
  }
  const Line line = leastSquares(x, y);
  out.r2 = line.r2;
  const auto [slopes, intercepts] = resampledLines(points, line, resamples, seed);
  out.slope = {line.slope, percentile(slopes, 0.025), percentile(slopes, 0.975)};
  out.intercept = {line.intercept, percentile(intercepts, 0.025), percentile(intercepts, 0.975)};
  return out;
}

Interval slopeRatio(const std::vector<CriticalSpacing>& numerator,
                    const std::vector<CriticalSpacing>& denominator, int resamples,
                    std::uint64_t seed) {
  const BoumaFit top = fitBouma(numerator, 0, seed), bottom = fitBouma(denominator, 0, seed);
  if (!top.refusal.empty() || !bottom.refusal.empty()) return {kNaN, kNaN, kNaN};
  auto line = [](const BoumaFit& f) { return Line{f.slope.estimate, f.intercept.estimate, f.r2}; };
  const auto a = resampledLines(numerator, line(top), resamples, seed).first;
  const auto b =
      resampledLines(denominator, line(bottom), resamples, seed ^ 0x9e3779b97f4a7c15ULL).first;
  // A denominator that may be 0 makes the ratio meaningless, not merely uncertain.
  if (b.empty() || (percentile(b, 0.025) <= 0 && percentile(b, 0.975) >= 0)) {
    return {kNaN, kNaN, kNaN};
  }
  std::vector<double> ratios;
  for (std::size_t i = 0; i < a.size() && i < b.size(); ++i) {
    if (b[i] != 0) ratios.push_back(a[i] / b[i]);
  }
  return {top.slope.estimate / bottom.slope.estimate, percentile(ratios, 0.025),
          percentile(ratios, 0.975)};
}

}  // namespace fovea::psychophysics
