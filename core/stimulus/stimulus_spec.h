#pragma once
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "core/retina/multiscale.h"
#include "core/stimulus/crowding_geometry.h"
#include "core/stimulus/display_model.h"

namespace fovea::stimulus {

// Which glyphs fill the target and flanker boxes. With the study's protocol the targets are the
// even MNIST digits and the flankers the odd ones, both from the same split.
struct GlyphChoice {
  std::string split = "test";  // "train" or "test" (450 / 50 digits per class, data.md)
  int target_index = 0;        // among the even digits of the split
  int flanker_index = 0;       // among the odd digits, or in the flanker set
  // digits (odd digits), letters, unfamiliar, fashion, or an IDX images file (glyph_sets.h)
  std::string flanker_set = "digits";
  std::filesystem::path target_image;   // a user image instead (overrides target_index)
  std::filesystem::path flanker_image;  // a user image instead (overrides flanker_index)
};

struct BackgroundChoice {
  std::string kind = "black";  // "black", "photo" or "noise"
  // photo: an image (any format OpenCV reads) or a folder of them (the index-th, sorted by
  // name); a bare name is looked up in opencv-doc's examples, which "opencv-doc" names whole.
  std::string image = "fruits.jpg";
  int index = 0;
  // noise: MotionCloud-like 1/f noise; the attention studies' sf_0 = B_sf = 0.1 cycles/px on
  // 128 px, scaled to the 1920 px canvas.
  double noise_sf_0 = 0.1 * 128 / 1920;
  double noise_contrast = 0.75;  // peak-to-peak, about mid-grey
  std::uint64_t seed = 0;
  // Training and evaluation draw each sample's background: from the photographs of a folder
  // (or "opencv-doc"), split between train and test, or from this many noise fields per split.
  int noise_pool = 16;
};

// One crowding stimulus as written in a TOML file ([display], [stimulus], [glyphs],
// [background], [retina]). Every field has a default (the study's paper-scale stimulus);
// positions and sizes may be given in px or deg.
struct StimulusSpec {
  DisplayModel display;
  CrowdingGeometry geometry;
  GlyphChoice glyphs;
  BackgroundChoice background;
  retina::MultiscaleSpec retina;
};

// Parses a spec and applies `overrides` ("section.key=value", value in TOML syntax; bare words
// are strings). Errors are InputErrors naming the source, the key and, where known, its line.
// `other_sections` are tables of a larger file (an experiment spec) that are read elsewhere.
StimulusSpec parseStimulusSpec(const std::string& text, const std::string& source_name,
                               const std::vector<std::string>& overrides = {},
                               const std::vector<std::string>& other_sections = {});
StimulusSpec loadStimulusSpec(const std::filesystem::path& path,
                              const std::vector<std::string>& overrides = {});

// The spec as TOML (all positions in px), which parseStimulusSpec reads back unchanged.
std::string toToml(const StimulusSpec& spec);

}  // namespace fovea::stimulus
