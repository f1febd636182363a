#include "core/experiment/attention_spec.h"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "core/util/errors.h"
#include "core/util/toml_reader.h"

namespace fovea::experiment {
namespace {

std::string number(double value) {
  std::ostringstream out;
  out << value;
  return out.str();
}

// Noisy-digit keys: contrast (fixed) or contrast_range = [min, max] (uniform).
void readStimulusKeys(SectionReader& r, stimulus::NoisyDigitSpec& s) {
  if (auto v = r.integer("size")) s.size = *v;
  if (auto v = r.number("noise")) s.noise = *v;
  if (auto v = r.number("sf_0")) s.sf_0 = *v;
  if (auto v = r.number("B_sf")) s.B_sf = *v;
  if (auto v = r.number("offset_std")) s.offset_std = *v;
  if (auto v = r.number("offset_max")) s.offset_max = *v;
  if (auto c = r.number("contrast")) s.contrast_min = s.contrast_max = *c;
  if (auto range = r.numbers("contrast_range")) {
    if (range->size() != 2) {
      r.failAt("contrast_range", r.name("contrast_range") + " must be [min, max]");
    }
    s.contrast_min = (*range)[0];
    s.contrast_max = (*range)[1];
  }
  try {
    s.validate();
  } catch (const InputError& error) {
    r.fail(std::string("[attention]: ") + error.what());
  }
  if (!(s.sf_0 > 0) || !(s.B_sf > 0)) r.fail("attention.sf_0 and attention.B_sf must be positive");
}

void readEvalKeys(SectionReader& r, AttentionSpec& a) {
  if (auto v = r.numbers("radii_px")) a.radii_px = *v;
  if (auto v = r.numbers("contrasts")) a.contrasts = *v;
  if (auto v = r.numbers("shift_stds_px")) a.shift_stds_px = *v;
  if (auto v = r.number("shift_max_px")) a.shift_max_px = *v;
  if (auto v = r.integer("map_half_px")) a.map_half_px = *v;
  if (auto v = r.integer("map_step_px")) a.map_step_px = *v;
  if (auto v = r.integer64("map_images")) a.map_images = *v;
  if (auto v = r.integer64("images")) a.images = *v;
  if (auto v = r.integer("batch")) a.batch = *v;
  // Lists: at most 64 values, none twice (a cell is keyed by its value).
  for (auto [key, list] : {std::pair{"radii_px", &a.radii_px},
                           {"contrasts", &a.contrasts},
                           {"shift_stds_px", &a.shift_stds_px}}) {
    if (list->size() > 64) r.failAt(key, r.name(key) + " holds more than 64 values");
    auto sorted = *list;
    std::sort(sorted.begin(), sorted.end());
    if (std::adjacent_find(sorted.begin(), sorted.end()) != sorted.end()) {
      r.failAt(key, r.name(key) + " lists a value twice");
    }
  }
  if ((a.radii_px.empty() || a.contrasts.empty()) && a.shift_stds_px.empty() &&
      a.map_half_px == 0) {
    r.fail("[attention] scores nothing: give radii_px and contrasts, shift_stds_px or a map");
  }
  for (double radius : a.radii_px) {
    if (!(radius >= 0 && radius <= 64)) {
      r.failAt("radii_px", "attention.radii_px: " + number(radius) + " is outside [0, 64] px");
    }
  }
  for (double c : a.contrasts) {
    if (!(c >= 0 && c <= 1)) {
      r.failAt("contrasts", "attention.contrasts: " + number(c) + " is outside [0, 1]");
    }
  }
  for (double std : a.shift_stds_px) {
    if (!(std >= 0 && std <= 64)) {
      r.failAt("shift_stds_px", "attention.shift_stds_px: " + number(std) + " is outside [0, 64]");
    }
  }
  if (!(a.shift_max_px >= 0 && a.shift_max_px <= 28)) {
    r.failAt("shift_max_px", "attention.shift_max_px must be in [0, 28] px");
  }
  if (a.map_half_px < 0 || a.map_half_px > 27) {
    r.failAt("map_half_px", "attention.map_half_px must be in [0, 27] (0: no map)");
  }
  if (a.map_step_px < 1 || a.map_step_px > 27) {
    r.failAt("map_step_px", "attention.map_step_px must be in [1, 27]");
  }
  // Caps keep a typo from asking for days of scoring.
  if (a.images < 1 || a.images > 100000) {
    r.failAt("images", "attention.images must be in [1, 100000]");
  }
  if (a.map_images < 1 || a.map_images > 10000) {
    r.failAt("map_images", "attention.map_images must be in [1, 10000]");
  }
  if (a.batch < 1 || a.batch > 4096) r.failAt("batch", "attention.batch must be in [1, 4096]");
}

}  // namespace

std::vector<std::string> attentionClassNames() {
  return {"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"};
}

AttentionSpec parseAttentionSpec(const std::string& text, const std::string& source_name,
                                 const std::vector<std::string>& overrides) {
  toml::table root = parseToml(text, source_name);
  for (const auto& assignment : overrides) applyOverride(root, assignment);
  AttentionSpec a;
  SectionReader r(root, "attention", source_name);
  if (!r.present()) return a;
  a.present = true;
  // The 128 px set's defaults (science-attention.md 1.1; every experiment sets offset_max 40).
  a.stimulus.size = 128;
  a.stimulus.offset_std = 30;
  a.stimulus.offset_max = 40;
  for (int i = 9; i >= 1; --i) a.radii_px.push_back(40.0 * i / 9);
  std::reverse(a.radii_px.begin(), a.radii_px.end());
  readStimulusKeys(r, a.stimulus);
  readEvalKeys(r, a);
  r.finish();
  return a;
}

}  // namespace fovea::experiment
