#include "core/stimulus/crowding_geometry.h"

#include <cmath>
#include <sstream>

#include "core/util/errors.h"

namespace fovea::stimulus {
namespace {

constexpr double kPi = 3.14159265358979323846;

std::string number(double value) {
  std::ostringstream text;
  text << value;
  return text.str();
}

void require(bool ok, const std::string& key, const std::string& what, double value) {
  if (!ok) throw InputError(key + " " + what + ", got " + number(value));
}

GlyphBox place(bool is_target, double centre_x, double centre_y, int side) {
  GlyphBox box;
  box.is_target = is_target;
  box.side = side;
  box.centre_x = centre_x;
  box.centre_y = centre_y;
  // The original's int(half - h/2 + ecc): truncation, which is floor for on-canvas boxes.
  box.x = static_cast<int>(std::floor(centre_x - side / 2.0));
  box.y = static_cast<int>(std::floor(centre_y - side / 2.0));
  return box;
}

}  // namespace

std::string toString(Configuration configuration) {
  switch (configuration) {
    case Configuration::A: return "a";
    case Configuration::AX: return "ax";
    case Configuration::XA: return "xa";
    case Configuration::XAX: return "xax";
  }
  return "a";
}

Configuration parseConfiguration(const std::string& name) {
  for (auto c : {Configuration::A, Configuration::AX, Configuration::XA, Configuration::XAX}) {
    if (toString(c) == name) return c;
  }
  throw InputError("configuration must be one of a, ax, xa, xax, got '" + name + "'");
}

std::string toString(Arrangement arrangement) {
  return arrangement == Arrangement::Radial ? "radial" : "tangential";
}

Arrangement parseArrangement(const std::string& name) {
  if (name == "radial") return Arrangement::Radial;
  if (name == "tangential") return Arrangement::Tangential;
  throw InputError("arrangement must be radial or tangential, got '" + name + "'");
}

CrowdingGeometry CrowdingGeometry::fromOriginal(double target_ecc, double flanker_ecc,
                                                int flanker_type) {
  CrowdingGeometry geometry;
  geometry.target_ecc_px = target_ecc;
  if (flanker_type < 0 || flanker_type > 2) {
    throw InputError("flanker_type must be 0, 1 or 2, got " + std::to_string(flanker_type));
  }
  if (flanker_type == 0) return geometry;
  geometry.spacing_px = std::fabs(flanker_ecc - target_ecc);
  if (flanker_type == 2) {
    geometry.configuration = Configuration::XAX;
  } else {
    // The outer side is away from fixation; at the centre the study calls +x outer.
    const bool outer = (target_ecc >= 0) == (flanker_ecc >= target_ecc);
    geometry.configuration = outer ? Configuration::AX : Configuration::XA;
  }
  return geometry;
}

void validateFields(const CrowdingGeometry& g) {
  require(g.canvas_px >= 8 && g.canvas_px <= 16384, "canvas_px", "must be between 8 and 16384",
          g.canvas_px);
  require(g.target_px >= 1 && g.target_px <= g.canvas_px, "target_px",
          "must be between 1 and canvas_px", g.target_px);
  require(g.flanker_px >= 1 && g.flanker_px <= g.canvas_px, "flanker_px",
          "must be between 1 and canvas_px", g.flanker_px);
  require(std::isfinite(g.target_ecc_px), "target_ecc_px", "must be a finite number",
          g.target_ecc_px);
  require(std::isfinite(g.spacing_px) && g.spacing_px > 0, "spacing_px",
          "must be a positive number", g.spacing_px);
  require(std::isfinite(g.meridian_deg), "meridian_deg", "must be a finite number", g.meridian_deg);
  require(g.flankers_per_side >= 1 && g.flankers_per_side <= 64, "flankers_per_side",
          "must be between 1 and 64", g.flankers_per_side);
  require(g.target_contrast >= 0 && g.target_contrast <= 1, "target_contrast", "must be in [0, 1]",
          g.target_contrast);
  require(g.flanker_contrast >= 0 && g.flanker_contrast <= 1, "flanker_contrast",
          "must be in [0, 1]", g.flanker_contrast);
}

std::vector<GlyphBox> layoutGlyphs(const CrowdingGeometry& g) {
  validateFields(g);
  const double half = g.canvas_px / 2.0;
  const double angle = g.meridian_deg * kPi / 180.0;
  // Screen y grows downwards, so "up" is -y. Exact axis directions avoid cos(90 deg) noise.
  auto clean = [](double v) { return std::fabs(v) < 1e-12 ? 0.0 : v; };
  const double ux = clean(std::cos(angle));
  const double uy = clean(-std::sin(angle));
  const double tx = -uy;  // the perpendicular, 90 deg counter-clockwise on screen
  const double ty = ux;

  std::vector<GlyphBox> boxes;
  const double target_x = half + g.target_ecc_px * ux;
  const double target_y = half + g.target_ecc_px * uy;
  boxes.push_back(place(true, target_x, target_y, g.target_px));

  const bool has_plus =
      g.configuration == Configuration::AX || g.configuration == Configuration::XAX;
  const bool has_minus =
      g.configuration == Configuration::XA || g.configuration == Configuration::XAX;
  // Radially, "plus" is outwards: away from fixation (rightwards along the meridian at 0).
  const double outward = (g.arrangement == Arrangement::Radial && g.target_ecc_px < 0) ? -1.0 : 1.0;
  const double dx = g.arrangement == Arrangement::Radial ? ux : tx;
  const double dy = g.arrangement == Arrangement::Radial ? uy : ty;
  for (int k = 1; k <= g.flankers_per_side; ++k) {
    const double offset = k * g.spacing_px * outward;
    if (has_plus)
      boxes.push_back(place(false, target_x + offset * dx, target_y + offset * dy, g.flanker_px));
    if (has_minus)
      boxes.push_back(place(false, target_x - offset * dx, target_y - offset * dy, g.flanker_px));
  }

  auto describe = [&](const GlyphBox& box) {
    const double ecc = std::hypot(box.centre_x - half, box.centre_y - half);
    return std::string(box.is_target ? "target" : "flanker") + " at " + number(ecc) +
           " px eccentricity";
  };
  for (const auto& box : boxes) {
    if (box.x < 0 || box.y < 0 || box.x + box.side > g.canvas_px ||
        box.y + box.side > g.canvas_px) {
      throw InputError(describe(box) + " leaves the " + std::to_string(g.canvas_px) +
                       " px canvas (box x " + std::to_string(box.x) + ".." +
                       std::to_string(box.x + box.side) + ", y " + std::to_string(box.y) + ".." +
                       std::to_string(box.y + box.side) + ")");
    }
  }
  for (std::size_t i = 0; i < boxes.size(); ++i) {
    for (std::size_t j = i + 1; j < boxes.size(); ++j) {
      const double reach = (boxes[i].side + boxes[j].side) / 2.0;
      const double apart_x = std::fabs(boxes[i].centre_x - boxes[j].centre_x);
      const double apart_y = std::fabs(boxes[i].centre_y - boxes[j].centre_y);
      // Boxes may touch but not overlap (the study's |te - fe| < (dh + fh) / 2 rule).
      if (apart_x < reach - 1e-9 && apart_y < reach - 1e-9) {
        throw InputError(describe(boxes[j]) + " overlaps the " + describe(boxes[i]) + ": centres " +
                         number(std::max(apart_x, apart_y)) + " px apart, at least " +
                         number(reach) + " px needed (spacing_px " + number(g.spacing_px) + ")");
      }
    }
  }
  return boxes;
}

}  // namespace fovea::stimulus
