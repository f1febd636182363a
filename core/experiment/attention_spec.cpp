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
  assign(s.size, r.integer("size"));
  assign(s.noise, r.number("noise"));
  assign(s.sf_0, r.number("sf_0"));
  assign(s.B_sf, r.number("B_sf"));
  assign(s.offset_std, r.number("offset_std"));
  assign(s.offset_max, r.number("offset_max"));
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
  assign(a.radii_px, r.numbers("radii_px"));
  assign(a.contrasts, r.numbers("contrasts"));
  assign(a.shift_stds_px, r.numbers("shift_stds_px"));
  assign(a.shift_max_px, r.number("shift_max_px"));
  assign(a.map_half_px, r.integer("map_half_px"));
  assign(a.map_step_px, r.integer("map_step_px"));
  assign(a.map_images, r.integer64("map_images"));
  assign(a.images, r.integer64("images"));
  assign(a.batch, r.integer("batch"));
  // Lists: at most 64 values, each in range, none twice (a cell is keyed by its value).
  struct List {
    const char* key;
    const std::vector<double>* values;
    double hi;
  };
  for (const auto& [key, list, hi] :
       {List{"radii_px", &a.radii_px, 64}, List{"contrasts", &a.contrasts, 1},
        List{"shift_stds_px", &a.shift_stds_px, 64}}) {
    if (list->size() > 64) r.failAt(key, r.name(key) + " holds more than 64 values");
    for (double v : *list) {
      if (!(v >= 0 && v <= hi)) {
        r.failAt(key, r.name(key) + ": " + number(v) + " is outside [0, " + number(hi) + "]");
      }
    }
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
