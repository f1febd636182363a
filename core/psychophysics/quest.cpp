#include "core/psychophysics/quest.h"

#include <algorithm>
#include <cmath>

namespace fovea::psychophysics {

Quest::Quest(const QuestOptions& options) : options_(options) {
  const int n = std::max(2, options.grid);
  for (int i = 0; i < n; ++i) {
    const double alpha = options.grid_lo + (options.grid_hi - options.grid_lo) * i / (n - 1);
    grid_.push_back(alpha);
    const double z = (alpha - options.prior_mean) / options.prior_sd;
    log_posterior_.push_back(-0.5 * z * z);
  }
  normalise();
}

void Quest::normalise() {
  // In logs, so that long runs of answers do not underflow.
  const double top = *std::max_element(log_posterior_.begin(), log_posterior_.end());
  posterior_.resize(log_posterior_.size());
  double sum = 0;
  for (std::size_t i = 0; i < grid_.size(); ++i) {
    posterior_[i] = std::exp(log_posterior_[i] - top);
    sum += posterior_[i];
  }
  for (double& p : posterior_) p /= sum;
}

double Quest::posteriorMean() const {
  double mean = 0;
  for (std::size_t i = 0; i < grid_.size(); ++i) mean += posterior_[i] * grid_[i];
  return mean;
}

double Quest::posteriorSd() const {
  const double mean = posteriorMean();
  double variance = 0;
  for (std::size_t i = 0; i < grid_.size(); ++i) {
    variance += posterior_[i] * (grid_[i] - mean) * (grid_[i] - mean);
  }
  return std::sqrt(variance);
}

double Quest::estimate() const {
  Psychometric f = options_.model;
  f.alpha = posteriorMean();
  return f.threshold(options_.target);
}

double Quest::level() const {
  return std::clamp(estimate(), options_.min_level, options_.max_level);
}

void Quest::respond(double level, bool correct) {
  trials_.emplace_back(level, correct);
  Psychometric f = options_.model;
  for (std::size_t i = 0; i < grid_.size(); ++i) {
    f.alpha = grid_[i];
    const double p = std::clamp(f.probability(level), 1e-12, 1 - 1e-12);
    log_posterior_[i] += std::log(correct ? p : 1 - p);
  }
  normalise();
}

}  // namespace fovea::psychophysics
