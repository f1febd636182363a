#pragma once
// An observer's threshold at one eccentricity, measured as a psychophysicist would: the
// asymptotic accuracy first (for spacing the target alone; for contrast and size the highest
// level), then an adaptive procedure over the log of the variable, then a psychometric fit to
// every trial with a bootstrap interval. The threshold is where accuracy is halfway between chance
// and the asymptote (the fitted logistic's location, its guess rate 1 / classes and its lapse
// 1 - the asymptote): for spacing, the critical spacing.
#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "core/psychophysics/psychometric.h"

namespace fovea::psychophysics {

class ModelObserver;

enum class Procedure { UpDown, Quest };
std::string toString(Procedure procedure);
Procedure parseProcedure(const std::string& name);  // "updown" or "quest"; InputError otherwise

struct ThresholdOptions {
  Procedure procedure = Procedure::UpDown;
  int baseline_trials = 200;  // at the asymptote
  int reversals = 30;         // up/down: stop after these, averaging all but the first 6
                              // (a model's trials are cheap: many reversals narrow the fit)
  int quest_trials = 200;
  int max_trials = 400;
  int bootstrap = 200;
  std::uint64_t seed = 1;
  // After each trial: (trial number, level, correct).
  std::function<void(int, double, bool)> on_trial;
  // Set from another thread to end the procedure after the current trial (the result says so).
  const std::atomic<bool>* stop = nullptr;
};

// Levels are in the variable's units: px for spacing and size, a fraction for contrast.
struct ThresholdResult {
  double ecc_px = 0, ecc_deg = 0;
  double guess = 0;
  double baseline = 0;                         // accuracy at the asymptote
  double criterion = 0;                        // guess + (baseline - guess) / 2
  std::string rule;                            // "2-down-1-up" or "QUEST at 0.57"
  std::vector<std::pair<double, bool>> track;  // (level, correct), in order
  double procedure_estimate = 0;               // the procedure's own
  Fit fit;                                     // on log10 level
  Bootstrap interval;                          // of the threshold at the criterion, log10 level
  double threshold = 0, low = 0, high = 0;
  double threshold_deg = 0, low_deg = 0, high_deg = 0;  // NaN for contrast
  // The interval reached past the levels the canvas allows and was cut there (the data say
  // nothing beyond them).
  bool interval_censored = false;
  std::string refusal;  // why there is no threshold (values are NaN then)
};

ThresholdResult measureThreshold(ModelObserver& observer, const ThresholdOptions& options);

}  // namespace fovea::psychophysics
