#include "core/psychophysics/psychometric.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <random>

#include "core/psychophysics/nelder_mead.h"
#include "core/psychophysics/percentile.h"

namespace fovea::psychophysics {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

double logistic(double t) {
  return 1.0 / (1.0 + std::exp(-t));
}

// Probabilities are kept off 0 and 1 so that one impossible trial costs a finite amount.
double clampProbability(double p) {
  return std::clamp(p, 1e-9, 1 - 1e-9);
}

double negativeLogLikelihood(const Psychometric& f, const std::vector<Block>& data) {
  double sum = 0;
  for (const auto& b : data) {
    const double p = clampProbability(f.probability(b.x));
    sum -= b.correct * std::log(p) + (b.trials - b.correct) * std::log(1 - p);
  }
  return sum;
}

// Fit parameters <-> an unconstrained vector: alpha (log alpha for a Weibull), log beta, and the
// lapse through a logistic onto [0, max_lapse].
Psychometric fromParameters(const std::vector<double>& v, const FitOptions& o) {
  Psychometric f;
  f.shape = o.shape;
  f.alpha = o.shape == Shape::Weibull ? std::exp(v[0]) : v[0];
  f.beta = std::exp(v[1]);
  f.guess = o.guess;
  f.lapse = o.fit_lapse ? o.max_lapse * logistic(v[2]) : o.fixed_lapse;
  return f;
}

std::vector<double> toParameters(double alpha, double beta, double lapse, const FitOptions& o) {
  std::vector<double> v = {o.shape == Shape::Weibull ? std::log(alpha) : alpha, std::log(beta)};
  if (o.fit_lapse) {
    const double t = std::clamp(lapse / o.max_lapse, 1e-3, 1 - 1e-3);
    v.push_back(std::log(t / (1 - t)));
  }
  return v;
}

}  // namespace

double Psychometric::core(double x) const {
  if (shape == Shape::Logistic) return logistic(beta * (x - alpha));
  if (x <= 0) return 0;
  return 1 - std::exp(-std::pow(x / alpha, beta));
}

double Psychometric::probability(double x) const {
  return guess + (1 - guess - lapse) * core(x);
}

double Psychometric::threshold(double p) const {
  const double q = (p - guess) / (1 - guess - lapse);
  if (!(q > 0 && q < 1)) return kNaN;
  if (shape == Shape::Logistic) return alpha + std::log(q / (1 - q)) / beta;
  return alpha * std::pow(-std::log(1 - q), 1 / beta);
}

std::vector<Block> aggregate(const std::vector<std::pair<double, bool>>& trials) {
  // Levels reached by adding steps drift in their last bits: they are one level.
  std::map<long long, Block> by_level;
  for (const auto& [x, correct] : trials) {
    auto& b = by_level[std::llround(x * 1e9)];
    b.x = x;
    ++b.trials;
    b.correct += correct ? 1 : 0;
  }
  std::vector<Block> out;
  for (const auto& [x, b] : by_level) out.push_back(b);
  return out;
}

Fit fitPsychometric(const std::vector<Block>& data, const FitOptions& options) {
  Fit fit;
  double lo = std::numeric_limits<double>::infinity(), hi = -lo;
  for (const auto& b : data) {
    if (b.trials <= 0) continue;
    fit.trials += b.trials;
    lo = std::min(lo, b.x);
    hi = std::max(hi, b.x);
  }
  if (fit.trials == 0) fit.refusal = "no trials";
  if (fit.refusal.empty() && !(hi > lo)) fit.refusal = "all trials at one level";
  if (fit.refusal.empty() && options.shape == Shape::Weibull && lo <= 0) {
    fit.refusal = "a Weibull needs levels above 0";
  }
  if (!fit.refusal.empty()) return fit;
  auto cost = [&](const std::vector<double>& v) {
    return negativeLogLikelihood(fromParameters(v, options), data);
  };
  // A coarse grid first: the likelihood has flat regions where a simplex would stall.
  std::vector<double> best;
  double best_cost = std::numeric_limits<double>::infinity();
  const double range = hi - lo;
  for (int i = 0; i <= 8; ++i) {
    const double alpha = lo + range * i / 8.0;
    if (options.shape == Shape::Weibull && alpha <= 0) continue;
    for (double c : {0.5, 1.0, 2.0, 4.0, 8.0, 16.0, 32.0}) {
      const double beta = options.shape == Shape::Weibull ? c / 2 : c / range;
      const auto v = toParameters(alpha, beta, 0.02, options);
      const double value = cost(v);
      if (value < best_cost) {
        best_cost = value;
        best = v;
      }
    }
  }
  std::vector<double> step(best.size(), 0.5);
  step[0] = options.shape == Shape::Weibull ? 0.2 : range / 8;
  auto result = nelderMead(cost, best, step);
  result = nelderMead(cost, result.x, step);  // a restart leaves a collapsed simplex
  fit.function = fromParameters(result.x, options);
  fit.log_likelihood = -result.value;
  return fit;
}

Bootstrap bootstrap(const Fit& fit, const std::vector<Block>& data, const FitOptions& options,
                    double level, int resamples, std::uint64_t seed) {
  Bootstrap out;
  std::mt19937_64 rng(seed);
  std::vector<double> thresholds, alphas, betas;
  for (int r = 0; r < resamples; ++r) {
    std::vector<Block> simulated = data;
    for (auto& b : simulated) {
      std::binomial_distribution<int> draw(b.trials, fit.function.probability(b.x));
      b.correct = b.trials > 0 ? draw(rng) : 0;
    }
    const Fit refit = fitPsychometric(simulated, options);
    if (!refit.refusal.empty()) continue;
    const double t = refit.function.threshold(level);
    if (!std::isfinite(t)) continue;
    thresholds.push_back(t);
    alphas.push_back(refit.function.alpha);
    betas.push_back(refit.function.beta);
  }
  out.resamples = static_cast<int>(thresholds.size());
  auto interval = [](double estimate, const std::vector<double>& values) {
    return Interval{estimate, percentile(values, 0.025), percentile(values, 0.975)};
  };
  out.threshold = interval(fit.function.threshold(level), thresholds);
  out.alpha = interval(fit.function.alpha, alphas);
  out.beta = interval(fit.function.beta, betas);
  return out;
}

}  // namespace fovea::psychophysics
