#pragma once

namespace fovea::stimulus {

// A flat screen viewed from a given distance, fixation at its centre. Positions on the screen
// are pixels from the centre along any direction; their angle from fixation is
// atan(distance_on_screen / viewing_distance), so a pixel far from the centre subtends less than
// one at the centre (the flat-screen correction).
struct DisplayModel {
  double viewing_distance_cm = 57.0;  // at 57 cm, 1 cm at the centre is about 1 degree
  double screen_width_cm = 53.0;
  int screen_width_px = 1920;

  // Throws InputError naming the field when a value is not positive and finite.
  void validate() const;

  double pixelSizeCm() const { return screen_width_cm / screen_width_px; }
  // Pixels per degree at fixation (small-angle limit).
  double pixelsPerDegree() const;

  // Eccentricity (deg) of a point `px` pixels from the centre, and back.
  double eccentricityDeg(double px) const;
  double eccentricityPx(double deg) const;

  // Angle subtended by `size_px` pixels centred `centre_px` from fixation (radially), and the
  // pixels needed there for `size_deg` degrees.
  double sizeDeg(double centre_px, double size_px) const;
  double sizePx(double centre_deg, double size_deg) const;
};

}  // namespace fovea::stimulus
