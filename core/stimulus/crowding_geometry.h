#pragma once
#include <string>
#include <vector>

namespace fovea::stimulus {

// Flanker configurations of the crowding study: a = target alone, ax = one flanker on the outer
// (peripheral) side, xa = one on the inner (foveal) side, xax = both sides.
enum class Configuration { A, AX, XA, XAX };
std::string toString(Configuration configuration);
Configuration parseConfiguration(const std::string& name);  // InputError on an unknown name

// Radial flankers lie along the target's meridian (as in the study); tangential ones lie
// perpendicular to it, at the same spacing.
enum class Arrangement { Radial, Tangential };
std::string toString(Arrangement arrangement);
Arrangement parseArrangement(const std::string& name);

// Where the target and flankers go, in canvas pixels. Eccentricity is the distance of a glyph's
// centre from the canvas centre along the meridian (0 deg = rightwards, 90 deg = upwards);
// spacing is the centre-to-centre distance from the target to the nearest flanker.
struct CrowdingGeometry {
  int canvas_px = 1920;
  int target_px = 120;
  int flanker_px = 120;
  double target_ecc_px = 0;
  double spacing_px = 120;
  Configuration configuration = Configuration::A;
  Arrangement arrangement = Arrangement::Radial;
  int flankers_per_side = 1;  // at spacing, 2 x spacing, ... on each flanked side
  double meridian_deg = 0;
  double target_contrast = 1.0;  // multiplies the glyph's grey levels
  double flanker_contrast = 1.0;

  // The original study's parametrisation: flanker_type 0/1/2 and an absolute flanker
  // eccentricity (the second flanker mirrored about the target).
  static CrowdingGeometry fromOriginal(double target_ecc, double flanker_ecc, int flanker_type);
};

// One glyph on the canvas: its square box [x, x + side) x [y, y + side).
struct GlyphBox {
  bool is_target = false;
  int x = 0;
  int y = 0;
  int side = 0;
  double centre_x = 0;  // exact centre in canvas pixels (before truncation to the box)
  double centre_y = 0;
};

// Places the glyphs (target first). Impossible geometry is an InputError that names the value:
// overlapping glyphs (boxes may touch, not overlap) or a glyph leaving the canvas.
std::vector<GlyphBox> layoutGlyphs(const CrowdingGeometry& geometry);

// Checks the fields themselves (sizes, finite numbers, contrasts in [0, 1]).
void validateFields(const CrowdingGeometry& geometry);

}  // namespace fovea::stimulus
