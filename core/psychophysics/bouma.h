#pragma once
// Bouma's law: critical spacing grows linearly with eccentricity, s = b e + c (b around 0.4-0.5
// in people, radially; Bouma 1970, Pelli & Tillman 2008). A line through critical spacings with
// confidence intervals for its slope and intercept, and ratios of two slopes (radial over
// tangential, outer over inner) with theirs.
#include <cstdint>
#include <string>
#include <vector>

#include "core/psychophysics/psychometric.h"

namespace fovea::psychophysics {

// One measured critical spacing; [low, high] its 95 % interval (equal to spacing when unknown).
struct CriticalSpacing {
  double ecc_deg = 0;
  double spacing_deg = 0;
  double low_deg = 0;
  double high_deg = 0;
};

struct BoumaFit {
  Interval slope;      // b
  Interval intercept;  // c, degrees
  double r2 = 0;
  int points = 0;
  std::string refusal;  // fewer than two eccentricities
};

// Least squares; the intervals come from refitting `resamples` data sets in which each spacing is
// redrawn from a normal matching its own interval, widened to the residual scatter about the line
// when that is larger (or, when no point has an interval, the residuals are resampled).
// Deterministic for a seed.
BoumaFit fitBouma(const std::vector<CriticalSpacing>& points, int resamples, std::uint64_t seed);

// The ratio of two fits' slopes (e.g. radial / tangential) with an interval from their resampled
// slopes (the same resampling as fitBouma, seeded apart). NaN when either fit is refused or the
// denominator's interval holds 0 (the ratio is then not a number worth quoting).
Interval slopeRatio(const std::vector<CriticalSpacing>& numerator,
                    const std::vector<CriticalSpacing>& denominator, int resamples,
                    std::uint64_t seed);

}  // namespace fovea::psychophysics
