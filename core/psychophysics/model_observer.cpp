#include "core/psychophysics/model_observer.h"

#include <algorithm>
#include <cmath>

#include "core/stimulus/crowding_geometry.h"
#include "core/stimulus/crowding_sampler.h"
#include "core/train/crowding_batches.h"
#include "core/util/errors.h"

namespace fovea::psychophysics {

namespace {

constexpr std::size_t kMaxSamplers = 256;  // spacings kept ready; a staircase revisits a few

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
    default: return "both";
  }
}

Flankers parseFlankers(const std::string& name) {
  if (name == "both") return Flankers::Both;
  if (name == "inner") return Flankers::Inner;
  if (name == "outer") return Flankers::Outer;
  throw InputError("flankers '" + name + "': expected both, inner or outer");
}

ModelObserver::ModelObserver(std::shared_ptr<const eval::Predictor> predictor,
                             const ObserverOptions& options)
    : predictor_(std::move(predictor)), options_(options), rng_(options.seed ^ 0x51a1c5ULL) {
  if (predictor_->input().kind != models::InputSpec::Kind::MultiscaleCrops) {
    throw InputError("run '" + predictor_->run() + "' (" + predictor_->family() +
                     ") does not read crowding crops: it cannot observe crowding stimuli");
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
  }
  auto probe = g;
  probe.configuration = stimulus::Configuration::A;
  if (!fits(probe)) {
    throw InputError("a target at " + std::to_string(options.ecc_px) +
                     " px does not fit the run's canvas of " + std::to_string(g.canvas_px) + " px");
  }
  min_spacing_px_ = (g.target_px + g.flanker_px) / 2.0;
  // The widest spacing that still fits, to a pixel.
  double lo = min_spacing_px_, hi = g.canvas_px;
  auto fitsAt = [&](double s) {
    auto trial = g;
    trial.spacing_px = s;
    return fits(trial);
  };
  if (!fitsAt(lo)) {
    throw InputError("no flanker fits beside a target at " + std::to_string(options.ecc_px) +
                     " px on the run's canvas");
  }
  while (hi - lo > 0.5) {
    const double mid = (lo + hi) / 2;
    (fitsAt(mid) ? lo : hi) = mid;
  }
  max_spacing_px_ = lo;
}

ModelObserver::~ModelObserver() = default;

int ModelObserver::classes() const {
  return predictor_->classes();
}

stimulus::StimulusSpec ModelObserver::at(double spacing_px) const {
  auto spec = base_;
  spec.geometry.spacing_px = spacing_px;
  return spec;
}

const stimulus::CrowdingSampler& ModelObserver::samplerFor(double spacing_px, bool alone) {
  const auto key = alone ? -1 : std::llround(spacing_px * 1000);
  auto found = samplers_.find(key);
  if (found != samplers_.end()) return *found->second;
  if (samplers_.size() >= kMaxSamplers) samplers_.clear();
  auto spec = at(spacing_px);
  if (alone) spec.geometry.configuration = stimulus::Configuration::A;
  stimulus::layoutGlyphs(spec.geometry);  // an impossible spacing is an InputError naming it
  auto sampler = std::make_unique<stimulus::CrowdingSampler>(spec, options_.seed, false);
  return *samplers_.emplace(key, std::move(sampler)).first->second;
}

bool ModelObserver::respond(double spacing_px) {
  if (!std::isfinite(spacing_px))
    throw InputError("spacing " + std::to_string(spacing_px) + " px is not a finite number");
  return answerOf(samplerFor(spacing_px, false));
}

bool ModelObserver::respondAlone() {
  return answerOf(samplerFor(min_spacing_px_, true));
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
