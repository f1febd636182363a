#pragma once
// Psychometric functions of a stimulus level x: psi(x) = guess + (1 - guess - lapse) F(x), F a
// logistic or a Weibull, fitted to trials by maximum likelihood, with thresholds at a chosen
// performance level and parametric-bootstrap confidence intervals (as psignifit and Wichmann &
// Hill 2001 do).
#include <cstdint>
#include <string>
#include <vector>

namespace fovea::psychophysics {

enum class Shape {
  Logistic,  // F = 1 / (1 + exp(-beta (x - alpha))); F(alpha) = 1/2
  Weibull,   // F = 1 - exp(-(x / alpha)^beta) for x > 0; F(alpha) = 1 - 1/e
};

struct Psychometric {
  Shape shape = Shape::Logistic;
  double alpha = 0;  // location
  double beta = 1;   // slope (> 0)
  double guess = 0;  // gamma: the rate at which a guess is right (1 / classes)
  double lapse = 0;  // lambda: the rate of errors however easy the trial

  double core(double x) const;  // F(x)
  double probability(double x) const;
  // The level where probability(x) == p; NaN when p is not inside (guess, 1 - lapse).
  double threshold(double p) const;
};

// Trials at one level.
struct Block {
  double x = 0;
  int trials = 0;
  int correct = 0;
};
// Single trials (level, correct) gathered by level (levels within 1e-9 are one), in increasing x.
std::vector<Block> aggregate(const std::vector<std::pair<double, bool>>& trials);

struct FitOptions {
  Shape shape = Shape::Logistic;
  double guess = 0.5;
  bool fit_lapse = true;    // else lapse = fixed_lapse
  double max_lapse = 0.06;  // a fitted lapse stays in [0, max_lapse]
  double fixed_lapse = 0;
};

struct Fit {
  Psychometric function;
  double log_likelihood = 0;
  int trials = 0;
  std::string refusal;  // why there is no fit (no trials, one level only, x <= 0 for a Weibull)
};

// The maximum-likelihood fit, started from the best point of a grid over alpha and beta.
Fit fitPsychometric(const std::vector<Block>& data, const FitOptions& options);

struct Interval {
  double estimate = 0;
  double low = 0;   // 2.5th percentile
  double high = 0;  // 97.5th percentile
};

struct Bootstrap {
  Interval threshold;
  Interval alpha;
  Interval beta;
  int resamples = 0;  // refits that gave a threshold
};

// Parametric bootstrap: `resamples` data sets drawn from the fitted function at the same levels
// and trial counts, each refitted; percentile intervals of the threshold at `level`, alpha and
// beta. Deterministic for a seed.
Bootstrap bootstrap(const Fit& fit, const std::vector<Block>& data, const FitOptions& options,
                    double level, int resamples, std::uint64_t seed);

}  // namespace fovea::psychophysics
