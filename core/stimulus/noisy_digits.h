#pragma once
#include <array>
#include <cstdint>
#include <optional>

#include <nlohmann/json.hpp>
#include <opencv2/core/mat.hpp>

#include "core/stimulus/motion_cloud.h"

namespace fovea::stimulus {

// The noisy-digit stimuli of the What/Where and spatial-transformer studies (science-attention.md
// section 1): an MNIST digit mixed into MotionCloud noise by the "opaque" max rule.
struct NoisyDigitSpec {
  int size = 128;  // 28: the What set (digit shifted inside its own frame); 128: the retina set
  double noise = 0.75;  // noise peak-to-peak (1.0 in the What/Where paper's results)
  double sf_0 = 0.1;
  double B_sf = 0.1;
  // Stroke contrast c: fixed, or drawn from U(contrast_min, contrast_max) when they differ.
  double contrast_min = 0.7;
  double contrast_max = 0.7;
  // Shift: the 28 set draws a per-axis Gaussian (std, clipped to +-max, truncated to int); the
  // 128 set draws a direction and a radius min(|N(0,1)| * std, max), or uses `radius`.
  double offset_std = 30;
  double offset_max = 40;
  std::optional<double> radius;
  // 28 set: a fixed (row, column) shift instead of a drawn one (the accuracy map's cells).
  std::optional<std::array<int, 2>> shift;
  bool circular_mask = true;  // 128 set: outside the disk of radius 64 the image is mid-grey

  void validate() const;
};

// Every field by name (radius null when drawn), for provenance and resume checks.
nlohmann::json toJson(const NoisyDigitSpec& spec);

struct NoisyDigit {
  cv::Mat image;  // size x size, CV_64F in [0, 1]
  int row_offset = 0;
  int col_offset = 0;
  double contrast = 0;
  cv::Mat noise;  // the MotionCloud field that was mixed in
};

// Mixes a digit (0..1, any range) with noise: normalise to [0, 1], map to
// 0.5 +- c/2, keep only stroke pixels brighter than the noise (max rule), clip to [0, 1].
cv::Mat mixDigitWithNoise(const cv::Mat& digit, const cv::Mat& noise, double contrast);

// One stimulus from a 28 x 28 8-bit glyph; deterministic for (spec, seed).
NoisyDigit makeNoisyDigit(const cv::Mat& glyph28, const NoisyDigitSpec& spec, std::uint64_t seed);

}  // namespace fovea::stimulus
