#pragma once
// A trained run as a psychophysical observer of crowding: each trial draws a fresh test target
// and flankers around a target at a fixed eccentricity, at the asked level of one variable (the
// flankers' spacing, the target's contrast or the glyphs' size), and the observer's answer is the
// network's (its arg-max, or a class drawn from its softmax to mimic trial noise).
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
  None,   // the target alone (contrast and size thresholds only)
};
std::string toString(Flankers flankers);
Flankers parseFlankers(const std::string& name);  // both, inner, outer, none; else InputError
enum class Response { ArgMax, Sampled };

// What a procedure varies; accuracy rises with each of them.
enum class Variable {
  Spacing,   // centre to centre, px: the critical spacing
  Contrast,  // the target's, in (0, 1] (the flankers keep the run's): at a fixed spacing
  Size,      // the target's and flankers' side, px, up to the run's own: acuity
};
std::string toString(Variable variable);
Variable parseVariable(const std::string& name);  // spacing, contrast, size; else InputError

struct ObserverOptions {
  double ecc_px = 0;  // the target's eccentricity along the stimulus's meridian (> 0: right)
  stimulus::Arrangement arrangement = stimulus::Arrangement::Radial;
  Flankers flankers = Flankers::Both;
  Response response = Response::ArgMax;
  Variable variable = Variable::Spacing;
  // Contrast and size: the flankers' spacing in multiples of the touching one (1: the boxes
  // touch), so that for size it scales with the glyphs.
  double spacing_ratio = 1.5;
  std::uint64_t seed = 1;
};

class ModelObserver {
 public:
  // InputError when the run does not read crowding crops, the target does not fit the canvas,
  // or the flankers do not suit the variable (none for spacing).
  ModelObserver(std::shared_ptr<const eval::Predictor> predictor, const ObserverOptions& options);
  ~ModelObserver();

  // One trial at `level` of the variable; true when the answer is the target's class.
  // InputError when the level is not finite or the glyphs would overlap or leave the canvas.
  bool respond(double level);
  // One trial at the asymptote the variable approaches: for spacing the target alone, otherwise
  // the highest level (full contrast, the run's own size) with the same flankers.
  bool respondBaseline();

  // The levels the canvas allows. Spacing: boxes touching to the farthest flanker still inside;
  // contrast: 3 / 255 (about 0.01) to 1; size: 4 px to the run's own size (a network trained on one
  // size is not expected to read larger glyphs better).
  double minLevel() const { return min_level_; }
  double maxLevel() const { return max_level_; }
  // The level a trial at `level` shows: sizes are whole pixels, contrasts whole grey levels
  // (multiples of 1 / 255).
  double shown(double level) const;
  const ObserverOptions& options() const { return options_; }
  int classes() const;
  std::int64_t trials() const { return trials_; }
  const stimulus::StimulusSpec& stimulus() const { return base_; }
  // Spacing in degrees at this eccentricity, through the run's display: tangentially the angle
  // between the rays to the target and the flanker; radially the difference of their
  // eccentricities (an inner flanker may lie across fixation), for two flankers the mean of
  // the inner and the outer one's.
  double spacingDeg(double spacing_px) const;
  // A level in degrees of visual angle: spacing as above; size as the glyph's radial extent at
  // this eccentricity; NaN for contrast.
  double levelDeg(double level) const;
  double eccentricityDeg() const;

 private:
  const stimulus::CrowdingSampler& samplerFor(double level, bool baseline);
  bool answerOf(const stimulus::CrowdingSampler& sampler);
  stimulus::StimulusSpec at(double level) const;
  void findLevels();

  std::shared_ptr<const eval::Predictor> predictor_;
  ObserverOptions options_;
  stimulus::StimulusSpec base_;
  double min_level_ = 0, max_level_ = 0;
  std::map<long long, std::unique_ptr<stimulus::CrowdingSampler>> samplers_;  // by level x 1000
  std::int64_t trials_ = 0;
  std::mt19937_64 rng_;
};

}  // namespace fovea::psychophysics
