#pragma once
// A trained run as a psychophysical observer of crowding: each trial draws a fresh test target
// and flankers at the asked spacing around a target at a fixed eccentricity, and the observer's
// answer is the network's (its arg-max, or a class drawn from its softmax to mimic trial noise).
#include <cstdint>
#include <map>
#include <memory>
#include <random>
#include <string>

#include "core/eval/predictor.h"
#include "core/stimulus/stimulus_spec.h"

namespace fovea::stimulus {
class CrowdingSampler;
}

namespace fovea::psychophysics {

enum class Flankers {
  Both,   // one on each side (xax)
  Inner,  // one, toward fixation
  Outer,  // one, away from fixation
};
std::string toString(Flankers flankers);
Flankers parseFlankers(const std::string& name);  // both, inner, outer; InputError otherwise
enum class Response { ArgMax, Sampled };

struct ObserverOptions {
  double ecc_px = 0;  // the target's eccentricity along the stimulus's meridian (> 0: right)
  stimulus::Arrangement arrangement = stimulus::Arrangement::Radial;
  Flankers flankers = Flankers::Both;
  Response response = Response::ArgMax;
  std::uint64_t seed = 1;
};

class ModelObserver {
 public:
  // InputError when the run does not read crowding crops, or the target does not fit the canvas.
  ModelObserver(std::shared_ptr<const eval::Predictor> predictor, const ObserverOptions& options);
  ~ModelObserver();

  // One trial at `spacing_px` (centre to centre); true when the answer is the target's class.
  // InputError when the flankers would overlap the target or leave the canvas.
  bool respond(double spacing_px);
  // One trial with the target alone, at the same eccentricity.
  bool respondAlone();

  // The spacings the canvas allows: boxes touching, and the farthest flanker still inside.
  double minSpacingPx() const { return min_spacing_px_; }
  double maxSpacingPx() const { return max_spacing_px_; }
  int classes() const;
  std::int64_t trials() const { return trials_; }
  const stimulus::StimulusSpec& stimulus() const { return base_; }
  // Spacing in degrees at this eccentricity, through the run's display: tangentially the angle
  // between the rays to the target and the flanker; radially the difference of their
  // eccentricities (an inner flanker may lie across fixation), for two flankers the mean of
  // the inner and the outer one's.
  double spacingDeg(double spacing_px) const;
  double eccentricityDeg() const;

 private:
  const stimulus::CrowdingSampler& samplerFor(double spacing_px, bool alone);
  bool answerOf(const stimulus::CrowdingSampler& sampler);
  stimulus::StimulusSpec at(double spacing_px) const;

  std::shared_ptr<const eval::Predictor> predictor_;
  ObserverOptions options_;
  stimulus::StimulusSpec base_;
  double min_spacing_px_ = 0, max_spacing_px_ = 0;
  std::map<long long, std::unique_ptr<stimulus::CrowdingSampler>> samplers_;  // by spacing x 1000
  std::int64_t trials_ = 0;
  std::mt19937_64 rng_;
};

}  // namespace fovea::psychophysics
