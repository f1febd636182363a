#include "core/psychophysics/staircase.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace fovea::psychophysics {

double upDownTarget(int down) {
  return std::pow(0.5, 1.0 / down);
}

UpDownStaircase::UpDownStaircase(const UpDownOptions& options)
    : options_(options), level_(std::clamp(options.start, options.min_level, options.max_level)) {}

void UpDownStaircase::respond(bool correct) {
  trials_.emplace_back(level_, correct);
  int move = 0;
  if (correct) {
    wrong_run_ = 0;
    if (++right_run_ >= options_.down) {
      right_run_ = 0;
      move = -1;
    }
  } else {
    right_run_ = 0;
    if (++wrong_run_ >= options_.up) {
      wrong_run_ = 0;
      move = +1;
    }
  }
  if (move == 0) return;
  if (direction_ != 0 && move != direction_) reversals_.push_back(level_);
  direction_ = move;
  const bool fast = static_cast<int>(reversals_.size()) < options_.fast_reversals;
  const double step = fast ? options_.first_step : options_.step;
  level_ = std::clamp(level_ + move * step, options_.min_level, options_.max_level);
}

bool UpDownStaircase::done() const {
  return static_cast<int>(reversals_.size()) >= options_.reversals ||
         static_cast<int>(trials_.size()) >= options_.max_trials;
}

double UpDownStaircase::estimate() const {
  if (reversals_.empty()) return std::numeric_limits<double>::quiet_NaN();
  // The fast reversals are left out when there are enough others.
  const auto n =
      std::min<std::size_t>(reversals_.size(), static_cast<std::size_t>(options_.average_last));
  return std::accumulate(reversals_.end() - static_cast<std::ptrdiff_t>(n), reversals_.end(), 0.0) /
         static_cast<double>(n);
}

}  // namespace fovea::psychophysics
