#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace fovea::report {

// A measured accuracy: correct answers of images.
struct Count {
  std::int64_t correct = 0;
  std::int64_t images = 0;
  double accuracy() const;  // NaN without images
  Count& operator+=(const Count& other);
};

// An estimate with its standard error: an accuracy (binomial), or a difference of independent
// estimates (the errors add in quadrature). Cells of the grid reuse the same test digits, so
// treating them as independent overstates the error a little: the tests are conservative.
struct Estimate {
  double value = 0;
  double se = 0;
  bool valid() const;
};
Estimate estimate(const Count& count);
Estimate operator-(const Estimate& a, const Estimate& b);
// The Agresti-Caffo adjusted accuracy (one success and one failure added), for differences.
Estimate adjustedEstimate(const Count& count);

// The Wilson score interval at 95 %: well behaved near 0 and 1, where the Wald interval is not.
struct Interval {
  double lo = 0;
  double hi = 0;
};
Interval wilson95(const Count& count);

// Whether `difference` (claimed > 0) is: "holds" when its 95 % interval lies above 0, "does not
// hold" when it lies below, else "inconclusive"; "not measured" without data.
enum class Verdict { Holds, DoesNotHold, Inconclusive, NotMeasured };
std::string toString(Verdict verdict);
Verdict positive(const Estimate& difference);
// Every part must hold for the whole to hold; one reversed part and it does not.
Verdict allOf(const std::vector<Verdict>& parts);

// "0.84 [0.79, 0.88]" (Wilson), or "-" without images.
std::string describe(const Count& count);
// "+0.21 ± 0.07" (95 %), or "-".
std::string describe(const Estimate& difference);

}  // namespace fovea::report
