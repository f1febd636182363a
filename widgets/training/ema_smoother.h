#pragma once
#include <cstdint>
#include <vector>

namespace fovea::ui {

// Exponential moving average with start-up bias correction, as TensorBoard smooths scalars:
// ema_t = w * ema_{t-1} + (1 - w) * v_t with ema_0 = 0, shown as ema_t / (1 - w^t). Without the
// correction a curve would start near zero and creep up; with it a constant input is shown as
// that constant from the first point. Non-finite values are skipped (they leave no trace).
class EmaSmoother {
 public:
  // weight in [0, 1): 0 shows the raw values; values outside are clamped to [0, 0.999].
  explicit EmaSmoother(double weight = 0.6) { setWeight(weight); }

  // Changing the weight restarts the average; callers re-feed the history (smoothSeries).
  void setWeight(double weight);
  double weight() const { return weight_; }

  // Adds a value and returns the corrected average (NaN for a non-finite value, which is not
  // averaged in).
  double add(double sample);
  // The corrected average so far; NaN before the first finite value.
  double value() const;
  std::int64_t count() const { return count_; }
  void reset();

 private:
  double weight_ = 0.6;
  double ema_ = 0;
  double weight_power_ = 1;  // w^t, kept as a running product: no pow() per point
  std::int64_t count_ = 0;
};

// The whole series smoothed at once; NaN where the input is not finite.
std::vector<double> smoothSeries(const std::vector<double>& values, double weight);

}  // namespace fovea::ui
