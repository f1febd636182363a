#include "core/stimulus/display_model.h"

#include <cmath>
#include <string>

#include "core/util/errors.h"

namespace fovea::stimulus {
namespace {

constexpr double kPi = 3.14159265358979323846;
double toRadians(double deg) {
  return deg * kPi / 180.0;
}
double toDegrees(double rad) {
  return rad * 180.0 / kPi;
}

void requirePositive(const char* key, double value) {
  if (!(std::isfinite(value) && value > 0)) {
    throw InputError(std::string("display.") + key + " must be a positive number, got " +
                     std::to_string(value));
  }
}

}  // namespace

void DisplayModel::validate() const {
  requirePositive("viewing_distance_cm", viewing_distance_cm);
  requirePositive("screen_width_cm", screen_width_cm);
  requirePositive("screen_width_px", screen_width_px);
}

double DisplayModel::pixelsPerDegree() const {
  return viewing_distance_cm * toRadians(1.0) / pixelSizeCm();
}

double DisplayModel::eccentricityDeg(double px) const {
  return toDegrees(std::atan(px * pixelSizeCm() / viewing_distance_cm));
}

double DisplayModel::eccentricityPx(double deg) const {
  if (!(std::fabs(deg) < 90.0)) {
    throw InputError("an eccentricity of " + std::to_string(deg) +
                     " deg cannot be shown on a flat screen (must be below 90)");
  }
  return std::tan(toRadians(deg)) * viewing_distance_cm / pixelSizeCm();
}

double DisplayModel::sizeDeg(double centre_px, double size_px) const {
  return eccentricityDeg(centre_px + size_px / 2) - eccentricityDeg(centre_px - size_px / 2);
}

double DisplayModel::sizePx(double centre_deg, double size_deg) const {
  // The size is split evenly in angle about the centre, the inverse of sizeDeg for small sizes;
  // solve exactly: find s with sizeDeg(c, s) = size_deg, c = eccentricityPx(centre_deg).
  const double centre = eccentricityPx(centre_deg);
  double lo = 0;
  double hi = 2 * (eccentricityPx(std::min(89.0, std::fabs(centre_deg) + size_deg)) + 1);
  for (int i = 0; i < 100; ++i) {
    const double mid = 0.5 * (lo + hi);
    (sizeDeg(centre, mid) < size_deg ? lo : hi) = mid;
  }
  return 0.5 * (lo + hi);
}

}  // namespace fovea::stimulus
