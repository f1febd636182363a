#pragma once
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include <opencv2/core/mat.hpp>

#include "core/data/digit_sheet.h"
#include "core/retina/multiscale.h"
#include "core/stimulus/background_pool.h"
#include "core/stimulus/crowding_renderer.h"
#include "core/stimulus/stimulus_spec.h"

namespace fovea::stimulus {

struct CrowdingSample {
  int label = 0;                  // even digit / 2
  std::size_t target_digit = 0;   // index in the digit sheet
  std::size_t flanker_digit = 0;  // index in the flanker set (the digit sheet by default)
  double target_ecc_px = 0;
  CrowdingGeometry geometry;   // where the glyphs went (the base geometry, shifted)
  int background = -1;         // which of the pool's backgrounds (-1: black)
  std::vector<cv::Mat> crops;  // 8-bit, scales x crop_px x crop_px
};

// Draws crowding samples as the study did: sample k takes the k-th even digit of the split
// (classes interleaved) and a flanker from a seeded permutation of the odd digits, so that every
// target class meets every flanker class; with random shifts the target eccentricity is uniform
// over the canvas width minus the target, redrawn until every glyph fits. The signed offset from
// target to flanker stays fixed, as in the study: a flanker on the right of a target stays on
// its right when the target moves left of fixation (an outer flanker becomes an inner one).
// A photo or noise background is drawn per sample from the split's pool (background_pool.h);
// glyphs are pasted on it by maximum. Sample
// k depends only on (seed, k), never on the thread or the order that asks for it. `max_shift_px`
// narrows the shifts to target eccentricities within +-max_shift_px.
class CrowdingSampler {
 public:
  CrowdingSampler(const StimulusSpec& spec, std::uint64_t seed, bool random_shifts,
                  double max_shift_px = std::numeric_limits<double>::infinity());

  CrowdingSample sample(std::uint64_t index) const;
  // The names of the labels: the even digits "0", "2", "4", "6", "8".
  static std::vector<std::string> classNames();
  std::size_t targetCount() const { return targets_.size(); }
  const retina::MultiscalePlan& plan() const { return plan_; }
  const StimulusSpec& spec() const { return spec_; }

  // The same sample through the full canvas (the reference the fast path must equal).
  std::vector<cv::Mat> referenceCrops(const CrowdingSample& sample) const;

 private:
  CrowdingGeometry geometryFor(std::uint64_t index, double* ecc) const;
  std::vector<cv::Mat> render(const CrowdingSample& sample, bool reference) const;
  const data::GlyphSet& flankerGlyphs() const;

  StimulusSpec spec_;
  retina::MultiscalePlan plan_;
  std::uint64_t seed_;
  bool random_shifts_;
  double max_shift_px_;
  std::vector<std::size_t> targets_;
  std::vector<std::size_t> flankers_;
  const data::GlyphSet* flanker_set_ = nullptr;  // null: the odd digits
  const BackgroundPool* backgrounds_ = nullptr;
};

}  // namespace fovea::stimulus
