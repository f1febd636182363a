#pragma once
// A transformed up/down staircase (Levitt 1971) on a level that makes trials easier as it grows
// (flanker spacing, contrast, size): after `down` right answers in a row the level drops by a
// step, after `up` wrong ones it rises. It converges on the level answered right with probability
// p where p^down = 1/2 (down = 3, up = 1: 79.4 %).
#include <utility>
#include <vector>

namespace fovea::psychophysics {

struct UpDownOptions {
  double start = 1;
  double step = 0.05;       // level units (a log spacing: log10 units)
  double first_step = 0.1;  // until `fast_reversals` reversals, to get near the threshold fast
  int fast_reversals = 2;
  int down = 3;
  int up = 1;
  int reversals = 14;    // stop after this many reversals
  int average_last = 8;  // the estimate: the mean level of the last reversals
  int max_trials = 400;
  double min_level = -1e300, max_level = 1e300;  // levels are clamped to this range
};

// The proportion right the staircase converges on (up = 1).
double upDownTarget(int down);

class UpDownStaircase {
 public:
  explicit UpDownStaircase(const UpDownOptions& options);

  double level() const { return level_; }
  void respond(bool correct);
  bool done() const;
  // The mean of the last `average_last` reversal levels (all of them when fewer); NaN before the
  // first reversal.
  double estimate() const;

  const std::vector<std::pair<double, bool>>& trials() const { return trials_; }
  const std::vector<double>& reversals() const { return reversals_; }

 private:
  UpDownOptions options_;
  double level_;
  int right_run_ = 0, wrong_run_ = 0;
  int direction_ = 0;  // +1 rising, -1 falling, 0 before the first move
  std::vector<std::pair<double, bool>> trials_;
  std::vector<double> reversals_;
};

}  // namespace fovea::psychophysics
