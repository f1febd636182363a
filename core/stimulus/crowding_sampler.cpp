#include "core/stimulus/crowding_sampler.h"

#include <algorithm>
#include <map>
#include <numeric>

#include "core/data/digit_sheet.h"
#include "core/data/glyph_sets.h"
#include "core/util/errors.h"
#include "core/util/random.h"

namespace fovea::stimulus {
namespace {

// A uniform double in [0, 1) from 53 random bits, identical on every platform.
double unitInterval(std::uint64_t& state) {
  state = splitmix64(state);
  return static_cast<double>(state >> 11) * 0x1.0p-53;
}

// The configuration that keeps the base geometry's flanker on the same side of the target (in
// canvas coordinates) once the target moves to `target_ecc_px`: radial ax and xa swap names
// when the target crosses fixation.
Configuration keepFlankerSide(const CrowdingGeometry& base, double target_ecc_px) {
  const bool crossed = (base.target_ecc_px >= 0) != (target_ecc_px >= 0);
  if (!crossed || base.arrangement != Arrangement::Radial) return base.configuration;
  if (base.configuration == Configuration::AX) return Configuration::XA;
  if (base.configuration == Configuration::XA) return Configuration::AX;
  return base.configuration;
}

}  // namespace

std::vector<std::string> CrowdingSampler::classNames() {
  return {"0", "2", "4", "6", "8"};
}

CrowdingSampler::CrowdingSampler(const StimulusSpec& spec, std::uint64_t seed, bool random_shifts,
                                 double max_shift_px)
    : spec_(spec),
      plan_(spec.retina),
      seed_(seed),
      random_shifts_(random_shifts),
      max_shift_px_(max_shift_px) {
  if (!(max_shift_px_ >= 0)) {
    throw InputError("the largest random shift must be >= 0 px, got " +
                     std::to_string(max_shift_px_));
  }
  backgrounds_ =
      &sharedBackgroundPool(spec_.background, spec_.geometry.canvas_px, spec_.glyphs.split);
  const auto& digits = data::defaultDigits();
  const auto split = data::splitDigitSheet(digits);
  for (std::size_t index : spec_.glyphs.split == "train" ? split.train : split.test) {
    (digits.labels[index] % 2 == 0 ? targets_ : flankers_).push_back(index);
  }
  // The sheet is sorted by class; interleave the classes (0, 2, 4, 6, 8, 0, 2, ...) so that any
  // run of consecutive samples is balanced, as MNIST's own order roughly is.
  auto interleave = [&](std::vector<std::size_t>& indices) {
    std::vector<int> rank(indices.size());
    std::map<int, int> seen;
    for (std::size_t i = 0; i < indices.size(); ++i) rank[i] = seen[digits.labels[indices[i]]]++;
    std::vector<std::size_t> order(indices.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
      return std::make_pair(rank[a], digits.labels[indices[a]]) <
             std::make_pair(rank[b], digits.labels[indices[b]]);
    });
    std::vector<std::size_t> sorted;
    for (std::size_t i : order) sorted.push_back(indices[i]);
    indices = sorted;
  };
  interleave(targets_);
  interleave(flankers_);
  if (spec_.glyphs.flanker_set != "digits") {
    const auto& set = data::namedGlyphSet(spec_.glyphs.flanker_set);
    flanker_set_ = &set;
    flankers_.resize(set.size());
    std::iota(flankers_.begin(), flankers_.end(), 0);
  }
  // In the study the flankers came in MNIST's own order, so a target met flankers of every class.
  // Walking both lists in class order would pair each target class with one flanker class.
  const auto order = seededPermutation(flankers_.size(), splitmix64(seed_ ^ 0xf1a4c3e5ULL));
  std::vector<std::size_t> shuffled;
  shuffled.reserve(flankers_.size());
  for (std::size_t i : order) shuffled.push_back(flankers_[i]);
  flankers_ = std::move(shuffled);
  layoutGlyphs(spec_.geometry);  // the base geometry itself must be possible
}

CrowdingGeometry CrowdingSampler::geometryFor(std::uint64_t index, double* ecc) const {
  CrowdingGeometry geometry = spec_.geometry;
  if (!random_shifts_) {
    *ecc = geometry.target_ecc_px;
    return geometry;
  }
  std::uint64_t state = sampleSeed(seed_, index);
  const double width = std::min<double>(geometry.canvas_px - geometry.target_px, 2 * max_shift_px_);
  for (int attempt = 0; attempt < 1000; ++attempt) {
    geometry.target_ecc_px = unitInterval(state) * width - width / 2;
    if (geometry.configuration == Configuration::A) break;
    geometry.configuration = keepFlankerSide(spec_.geometry, geometry.target_ecc_px);
    try {
      layoutGlyphs(geometry);
      break;
    } catch (const InputError&) {
      // A flanker fell off the canvas: draw again, as the study did.
    }
  }
  *ecc = geometry.target_ecc_px;
  return geometry;
}

const data::GlyphSet& CrowdingSampler::flankerGlyphs() const {
  return flanker_set_ ? *flanker_set_ : data::defaultDigits();
}

CrowdingSample CrowdingSampler::sample(std::uint64_t index) const {
  const auto& digits = data::defaultDigits();
  CrowdingSample out;
  out.target_digit = targets_[index % targets_.size()];
  out.flanker_digit = flankers_[index % flankers_.size()];
  out.label = digits.labels[out.target_digit] / 2;
  out.geometry = geometryFor(index, &out.target_ecc_px);
  if (!backgrounds_->black()) {
    const std::uint64_t state = sampleSeed(seed_ ^ 0xbac6a0d5ULL, index);
    out.background = static_cast<int>(state % backgrounds_->size());
  }
  out.crops = render(out, false);
  return out;
}

std::vector<cv::Mat> CrowdingSampler::referenceCrops(const CrowdingSample& sample) const {
  return render(sample, true);
}

std::vector<cv::Mat> CrowdingSampler::render(const CrowdingSample& sample, bool reference) const {
  const CrowdingGeometry& geometry = sample.geometry;
  const auto boxes = layoutGlyphs(geometry);
  const auto glyphs = prepareGlyphs(geometry, data::defaultDigits().glyph(sample.target_digit),
                                    flankerGlyphs().glyph(sample.flanker_digit));
  if (sample.background >= 0) {
    // A background fills the canvas: every crop needs its own part of it.
    return plan_.cropsFromCanvas(
        renderCanvas(boxes, glyphs, geometry.canvas_px, backgrounds_->at(sample.background)));
  }
  if (reference) return plan_.cropsFromCanvas(renderCanvas(boxes, glyphs, geometry.canvas_px));
  return plan_.cropsFromWindow(renderWindow(boxes, glyphs, geometry.canvas_px));
}

}  // namespace fovea::stimulus
