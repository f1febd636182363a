#include "core/report/claims_stats.h"

#include <cmath>
#include <cstdio>

namespace fovea::report {
namespace {

constexpr double kZ95 = 1.959963984540054;

std::string format(const char* pattern, double a, double b = 0, double c = 0) {
  char text[64];
  std::snprintf(text, sizeof text, pattern, a, b, c);
  return text;
}

}  // namespace

double Count::accuracy() const {
  return images > 0 ? static_cast<double>(correct) / static_cast<double>(images) : std::nan("");
}

Count& Count::operator+=(const Count& other) {
  correct += other.correct;
  images += other.images;
  return *this;
}

bool Estimate::valid() const {
  return std::isfinite(value) && std::isfinite(se);
}

Estimate estimate(const Count& count) {
  if (count.images <= 0) return {std::nan(""), std::nan("")};
  const double p = count.accuracy();
  return {p, std::sqrt(p * (1 - p) / static_cast<double>(count.images))};
}

Estimate operator-(const Estimate& a, const Estimate& b) {
  return {a.value - b.value, std::hypot(a.se, b.se)};
}

Estimate adjustedEstimate(const Count& count) {
  // Agresti and Caffo (2000): one success and one failure added to each group keep the test of
  // a difference honest at 0 % and 100 %, where the plain standard error is 0.
  if (count.images <= 0) return {std::nan(""), std::nan("")};
  const double n = static_cast<double>(count.images) + 2;
  const double p = (static_cast<double>(count.correct) + 1) / n;
  return {p, std::sqrt(p * (1 - p) / n)};
}

Interval wilson95(const Count& count) {
  if (count.images <= 0) return {std::nan(""), std::nan("")};
  const double n = static_cast<double>(count.images);
  const double p = count.accuracy();
  const double z2 = kZ95 * kZ95;
  const double centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const double half = kZ95 / (1 + z2 / n) * std::sqrt(p * (1 - p) / n + z2 / (4 * n * n));
  return {centre - half, centre + half};
}

std::string toString(Verdict verdict) {
  switch (verdict) {
    case Verdict::Holds: return "holds";
    case Verdict::DoesNotHold: return "does not hold";
    case Verdict::Inconclusive: return "inconclusive";
    case Verdict::NotMeasured: return "not measured";
  }
  return "not measured";
}

Verdict positive(const Estimate& difference) {
  if (!difference.valid()) return Verdict::NotMeasured;
  if (difference.value - kZ95 * difference.se > 0) return Verdict::Holds;
  if (difference.value + kZ95 * difference.se < 0) return Verdict::DoesNotHold;
  return Verdict::Inconclusive;
}

Verdict allOf(const std::vector<Verdict>& parts) {
  bool all_hold = parts.size() > 0;
  bool measured = false;
  for (Verdict v : parts) {
    if (v == Verdict::DoesNotHold) return Verdict::DoesNotHold;
    if (v != Verdict::NotMeasured) measured = true;
    all_hold = all_hold && v == Verdict::Holds;
  }
  if (all_hold) return Verdict::Holds;
  return measured ? Verdict::Inconclusive : Verdict::NotMeasured;
}

std::string describe(const Count& count) {
  if (count.images <= 0) return "-";
  const Interval ci = wilson95(count);
  return format("%.2f [%.2f, %.2f]", count.accuracy(), ci.lo, ci.hi);
}

std::string describe(const Estimate& difference) {
  if (!difference.valid()) return "-";
  return format("%+.2f \u00b1 %.2f", difference.value, kZ95 * difference.se);
}

}  // namespace fovea::report
