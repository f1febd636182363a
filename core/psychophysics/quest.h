#pragma once
// A Bayesian adaptive procedure in the manner of QUEST (Watson & Pelli 1983): a posterior over the
// psychometric function's location on a grid, updated after every trial with the likelihood of
// the answer; each trial is placed where the current posterior mean puts the target performance.
#include <vector>

#include "core/psychophysics/psychometric.h"

namespace fovea::psychophysics {

struct QuestOptions {
  Psychometric model;     // shape, slope, guess and lapse assumed; its alpha is ignored
  double prior_mean = 0;  // Gaussian prior on alpha
  double prior_sd = 1;
  double grid_lo = -2, grid_hi = 2;  // alpha's grid
  int grid = 401;
  double target = 0.75;  // the performance the trials are placed at
  int trials = 64;
  double min_level = -1e300, max_level = 1e300;
};

class Quest {
 public:
  explicit Quest(const QuestOptions& options);

  // The next level: the target threshold under the posterior mean of alpha, clamped.
  double level() const;
  void respond(double level, bool correct);
  bool done() const { return static_cast<int>(trials_.size()) >= options_.trials; }

  double posteriorMean() const;  // of alpha
  double posteriorSd() const;
  // The threshold at the target performance, from the posterior mean.
  double estimate() const;
  const std::vector<double>& grid() const { return grid_; }
  const std::vector<double>& posterior() const { return posterior_; }  // sums to 1
  const std::vector<std::pair<double, bool>>& trials() const { return trials_; }

 private:
  QuestOptions options_;
  std::vector<double> grid_;
  std::vector<double> log_posterior_;
  std::vector<double> posterior_;
  std::vector<std::pair<double, bool>> trials_;
  void normalise();
};

}  // namespace fovea::psychophysics
