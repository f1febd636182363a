#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "core/stimulus/noisy_digits.h"

namespace fovea::experiment {

// The attention task ([attention], science-attention.md sections 1, 2.7 and 6): MNIST digits in
// MotionCloud noise, shifted away from fixation; what the models train on and how they are scored.
struct AttentionSpec {
  bool present = false;  // the experiment has an [attention] table: the attention task
  // The training stimulus before curriculum stages and per-model changes; "attention.<key>" in a
  // curriculum stage or a model's train_stimulus changes it (size, noise, contrast,
  // contrast_range, offset_std, offset_max).
  stimulus::NoisyDigitSpec stimulus;
  // Accuracy over eccentricity x contrast on the 128 px set: radii (px) and fixed contrasts.
  std::vector<double> radii_px;  // default linspace(40, 0, 9, endpoint = False) ascending
  std::vector<double> contrasts = {0.3, 0.5, 0.7};
  // Central and general accuracy on the 28 px set: per-axis shift std (px), clipped to +-max.
  std::vector<double> shift_stds_px = {0, 15};
  double shift_max_px = 25;
  // The accuracy map over fixed digit shifts (-map_half_px..map_half_px in map_step_px steps;
  // the original: 27 and 1, a 55 x 55 map); 0 skips it.
  int map_half_px = 27;
  int map_step_px = 3;
  std::int64_t map_images = 50;  // per map cell
  std::int64_t images = 500;     // per eccentricity x contrast cell and per shift std
  int batch = 100;
};

// The task's labels: the ten digits.
std::vector<std::string> attentionClassNames();

}  // namespace fovea::experiment

namespace fovea::experiment {

// Reads [attention] from an experiment's TOML text with "section.key=value" overrides applied
// (--set values, then curriculum stages and a model's train_stimulus); present = false when the
// text has no [attention]. InputError naming the key and line on a bad value.
AttentionSpec parseAttentionSpec(const std::string& text, const std::string& source_name,
                                 const std::vector<std::string>& overrides = {});

}  // namespace fovea::experiment
