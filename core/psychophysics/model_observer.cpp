#include "core/psychophysics/model_observer.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "core/stimulus/crowding_geometry.h"
#include "core/stimulus/crowding_sampler.h"
#include "core/train/crowding_batches.h"
#include "core/util/errors.h"

namespace fovea::psychophysics {

namespace {

constexpr std::size_t kMaxSamplers = 256;   // levels kept ready; a staircase revisits a few
constexpr double kMinContrast = 3.0 / 255;  // three grey levels: about 0.01
constexpr int kMinSizePx = 4;               // a glyph smaller than this is a few pixels of blur

bool fits(const stimulus::CrowdingGeometry& geometry) {
  try {
    stimulus::layoutGlyphs(geometry);
    return true;
  } catch (const InputError&) {
    return false;
  }
}

}  // namespace

std::string toString(Flankers flankers) {
  switch (flankers) {
    case Flankers::Inner: return "inner";
    case Flankers::Outer: return "outer";
    case Flankers::None: return "none";
    default: return "both";
  }
}

Flankers parseFlankers(const std::string& name) {
  if (name == "both") return Flankers::Both;
  if (name == "inner") return Flankers::Inner;
  if (name == "outer") return Flankers::Outer;
  if (name == "none") return Flankers::None;
  throw InputError("flankers '" + name + "': expected both, inner, outer or none");
}

std::string toString(Variable variable) {
  switch (variable) {
    case Variable::Contrast: return "contrast";
    case Variable::Size: return "size";
    default: return "spacing";
  }
}

Variable parseVariable(const std::string& name) {
  if (name == "spacing") return Variable::Spacing;
  if (name == "contrast") return Variable::Contrast;
  if (name == "size") return Variable::Size;
  throw InputError("variable '" + name + "': expected spacing, contrast or size");
}

ModelObserver::ModelObserver(std::shared_ptr<const eval::Predictor> predictor,
                             const ObserverOptions& options)
    : predictor_(std::move(predictor)), options_(options), rng_(options.seed ^ 0x51a1c5ULL) {
  if (predictor_->input().kind != models::InputSpec::Kind::MultiscaleCrops) {
    throw InputError("run '" + predictor_->run() + "' (" + predictor_->family() +
                     ") does not read crowding crops: it cannot observe crowding stimuli");
  }
  if (options.variable == Variable::Spacing && options.flankers == Flankers::None) {
    throw InputError("flankers 'none': a critical spacing needs flankers");
  }
  if (!(options.spacing_ratio >= 1 && options.spacing_ratio <= 20)) {
    throw InputError("spacing ratio " + std::to_string(options.spacing_ratio) +
                     ": must be between 1 (touching) and 20");
  }
  base_ = predictor_->stimulus();
  base_.glyphs.split = "test";
  auto& g = base_.geometry;
  g.target_ecc_px = options.ecc_px;
  g.arrangement = options.arrangement;
  g.flankers_per_side = 1;
  switch (options.flankers) {
    case Flankers::Both: g.configuration = stimulus::Configuration::XAX; break;
    // Radially, the layout puts ax's flanker away from fixation on either side of it.
    case Flankers::Inner: g.configuration = stimulus::Configuration::XA; break;
    case Flankers::Outer: g.configuration = stimulus::Configuration::AX; break;
    case Flankers::None: g.configuration = stimulus::Configuration::A; break;
  }
  auto probe = g;
  probe.configuration = stimulus::Configuration::A;
  if (!fits(probe)) {
    throw InputError("a target at " + std::to_string(options.ecc_px) +
                     " px does not fit the run's canvas of " + std::to_string(g.canvas_px) + " px");
  }
  findLevels();
}

void ModelObserver::findLevels() {
  const auto& g = base_.geometry;
  switch (options_.variable) {
    case Variable::Contrast:
      min_level_ = kMinContrast;
      max_level_ = 1;
      break;
    case Variable::Size:
      min_level_ = std::min<double>(kMinSizePx, g.target_px);
      max_level_ = g.target_px;
      break;
    case Variable::Spacing: {
      min_level_ = (g.target_px + g.flanker_px) / 2.0;
      // The widest spacing that still fits, to a pixel.
      double lo = min_level_, hi = g.canvas_px;
      auto fitsAt = [&](double s) {
        auto trial = g;
        trial.spacing_px = s;
        return fits(trial);
      };
      if (!fitsAt(lo)) {
        throw InputError("no flanker fits beside a target at " + std::to_string(g.target_ecc_px) +
                         " px on the run's canvas");
      }
      while (hi - lo > 0.5) {
        const double mid = (lo + hi) / 2;
        (fitsAt(mid) ? lo : hi) = mid;
      }
      max_level_ = lo;
      return;
    }
  }
  if (!fits(at(max_level_).geometry)) {
    throw InputError("flankers at " + std::to_string(options_.spacing_ratio) +
                     " x the touching spacing beside a target at " +
                     std::to_string(g.target_ecc_px) + " px leave the run's canvas");
  }
}

ModelObserver::~ModelObserver() = default;

int ModelObserver::classes() const {
  return predictor_->classes();
}

stimulus::StimulusSpec ModelObserver::at(double level) const {
  auto spec = base_;
  auto& g = spec.geometry;
  const double touching = (g.target_px + g.flanker_px) / 2.0;
  switch (options_.variable) {
    case Variable::Spacing: g.spacing_px = level; break;
    case Variable::Contrast:
      g.target_contrast = level;
      g.spacing_px = options_.spacing_ratio * touching;
      break;
    case Variable::Size:
      g.target_px = g.flanker_px = static_cast<int>(std::lround(level));
      g.spacing_px = options_.spacing_ratio * g.target_px;
      break;
  }
  return spec;
}

const stimulus::CrowdingSampler& ModelObserver::samplerFor(double level, bool baseline) {
  if (!std::isfinite(level)) {
    throw InputError(toString(options_.variable) + " " + std::to_string(level) +
                     " is not a finite number");
  }
  level = shown(level);
  const auto key = baseline ? -1 : std::llround(level * 1e6);  // shown levels differ here
  auto found = samplers_.find(key);
  if (found != samplers_.end()) return *found->second;
  if (samplers_.size() >= kMaxSamplers) samplers_.clear();
  auto spec = at(level);
  if (baseline && options_.variable == Variable::Spacing) {
    spec.geometry.configuration = stimulus::Configuration::A;
  }
  stimulus::layoutGlyphs(spec.geometry);  // an impossible level is an InputError naming it
  auto sampler = std::make_unique<stimulus::CrowdingSampler>(spec, options_.seed, false);
  return *samplers_.emplace(key, std::move(sampler)).first->second;
}

double ModelObserver::shown(double level) const {
  switch (options_.variable) {
    case Variable::Size: return std::round(level);
    // The renderer draws whole grey levels: a contrast is shown as a multiple of 1 / 255.
    case Variable::Contrast: return std::max(1.0, std::round(level * 255)) / 255;
    default: return level;
  }
}

bool ModelObserver::respond(double level) {
  return answerOf(samplerFor(level, false));
}

bool ModelObserver::respondBaseline() {
  return answerOf(samplerFor(max_level_, true));
}

bool ModelObserver::answerOf(const stimulus::CrowdingSampler& sampler) {
  // Trial k takes the k-th test target: every level sees the digits in the same order.
  std::vector<stimulus::CrowdingSample> samples = {
      sampler.sample(static_cast<std::uint64_t>(trials_++))};
  train::Batch batch;
  train::toNetworkInput(sampler.plan(), samples, batch);
  int answer = 0;
  if (options_.response == Response::ArgMax) {
    answer = predictor_->answers(batch.inputs, 1).front();
  } else {
    const auto p = predictor_->probabilities(batch.inputs, 1).front();
    std::discrete_distribution<int> draw(p.begin(), p.end());
    answer = draw(rng_);
  }
  return answer == batch.labels.front();
}

double ModelObserver::eccentricityDeg() const {
  return base_.display.eccentricityDeg(std::abs(options_.ecc_px));
}

double ModelObserver::levelDeg(double level) const {
  switch (options_.variable) {
    case Variable::Spacing: return spacingDeg(level);
    case Variable::Size: {
      const auto& d = base_.display;
      const double e = std::abs(options_.ecc_px);
      return d.eccentricityDeg(e + level / 2) -
             std::copysign(d.eccentricityDeg(std::abs(e - level / 2)), e - level / 2);
    }
    default: return std::numeric_limits<double>::quiet_NaN();
  }
}

double ModelObserver::spacingDeg(double spacing_px) const {
  const auto& d = base_.display;
  const double e = std::abs(options_.ecc_px);
  if (options_.arrangement == stimulus::Arrangement::Tangential) {
    // The angle between the rays from the eye to the target and to the flanker beside it.
    const double cm = d.pixelSizeCm(), distance = d.viewing_distance_cm;
    const double x = e * cm, y = spacing_px * cm;
    const double cosine =
        (x * x + distance * distance) / (std::hypot(x, distance) * std::hypot(x, y, distance));
    return std::acos(std::clamp(cosine, -1.0, 1.0)) * 180.0 / 3.14159265358979323846;
  }
  // Radially, along the meridian: an inner flanker may sit across fixation.
  const double inner_at = e - spacing_px;
  const double inner =
      d.eccentricityDeg(e) - std::copysign(d.eccentricityDeg(std::abs(inner_at)), inner_at);
  const double outer = d.eccentricityDeg(e + spacing_px) - d.eccentricityDeg(e);
  switch (options_.flankers) {
    case Flankers::Inner: return inner;
    case Flankers::Outer: return outer;
    default: return (inner + outer) / 2;
  }
}

}  // namespace fovea::psychophysics
