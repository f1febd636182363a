#include "widgets/training/ema_smoother.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace fovea::ui {

void EmaSmoother::setWeight(double weight) {
  // 1 would freeze the average at its first value and divide by zero in the correction.
  weight_ = std::isfinite(weight) ? std::clamp(weight, 0.0, 0.999) : 0.0;
  reset();
}

double EmaSmoother::add(double sample) {
  if (!std::isfinite(sample)) return std::numeric_limits<double>::quiet_NaN();
  ema_ = weight_ * ema_ + (1 - weight_) * sample;
  weight_power_ *= weight_;
  ++count_;
  return value();
}

double EmaSmoother::value() const {
  if (count_ == 0) return std::numeric_limits<double>::quiet_NaN();
  return ema_ / (1 - weight_power_);
}

void EmaSmoother::reset() {
  ema_ = 0;
  weight_power_ = 1;
  count_ = 0;
}

std::vector<double> smoothSeries(const std::vector<double>& values, double weight) {
  EmaSmoother smoother(weight);
  std::vector<double> smoothed;
  smoothed.reserve(values.size());
  for (double value : values) smoothed.push_back(smoother.add(value));
  return smoothed;
}

}  // namespace fovea::ui
