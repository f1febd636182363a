#pragma once
// The critical spacing of an observer at one eccentricity, measured as a psychophysicist would:
// the unflanked accuracy first, then an adaptive procedure over log spacing, then a psychometric
// fit to every trial with a bootstrap interval. The critical spacing is where accuracy is halfway
// between chance and the unflanked accuracy (the fitted logistic's location, its guess rate
// 1 / classes and its lapse 1 - the unflanked accuracy).
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

struct CriticalSpacingOptions {
  Procedure procedure = Procedure::UpDown;
  int baseline_trials = 200;  // target alone
  int reversals = 30;         // up/down: stop after these, averaging all but the first 6
                              // (a model's trials are cheap: many reversals narrow the fit)
  int quest_trials = 200;
  int max_trials = 400;
  int bootstrap = 200;
  std::uint64_t seed = 1;
  // After each trial: (trial number, spacing px, correct).
  std::function<void(int, double, bool)> on_trial;
  // Set from another thread to end the procedure after the current trial (the result says so).
  const std::atomic<bool>* stop = nullptr;
};

struct CriticalSpacingResult {
  double ecc_px = 0, ecc_deg = 0;
  double guess = 0;
  double baseline = 0;                         // accuracy with the target alone
  double criterion = 0;                        // guess + (baseline - guess) / 2
  std::string rule;                            // "2-down-1-up" or "QUEST at 0.57"
  std::vector<std::pair<double, bool>> track;  // (spacing px, correct), in order
  double procedure_px = 0;                     // the procedure's own estimate
  Fit fit;                                     // on log10 spacing in px
  Bootstrap interval;                          // of the threshold at the criterion, log10 px
  double critical_px = 0, low_px = 0, high_px = 0;
  double critical_deg = 0, low_deg = 0, high_deg = 0;
  // The interval reached past the spacings the canvas allows and was cut there (the data say
  // nothing beyond them).
  bool interval_censored = false;
  std::string refusal;  // why there is no critical spacing (values are NaN then)
};

CriticalSpacingResult measureCriticalSpacing(ModelObserver& observer,
                                             const CriticalSpacingOptions& options);

}  // namespace fovea::psychophysics
