#include "core/psychophysics/critical_spacing.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

#include "core/psychophysics/model_observer.h"
#include "core/psychophysics/quest.h"
#include "core/psychophysics/staircase.h"
#include "core/util/errors.h"

namespace fovea::psychophysics {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kMinUsefulGain = 0.1;
constexpr double kQuestGrid = 0.005;  // log10 units: about 1 % of spacing  // unflanked accuracy
                                      // must beat chance by this much

bool stopped(const CriticalSpacingOptions& options) {
  return options.stop && options.stop->load();
}

// The n of an n-down-1-up rule whose target is nearest `criterion`.
int downFor(double criterion) {
  int best = 1;
  for (int n = 1; n <= 5; ++n) {
    if (std::abs(upDownTarget(n) - criterion) < std::abs(upDownTarget(best) - criterion)) best = n;
  }
  return best;
}

void runUpDown(ModelObserver& observer, const CriticalSpacingOptions& options,
               CriticalSpacingResult& result) {
  UpDownOptions o;
  o.down = downFor(result.criterion);
  o.min_level = std::log10(observer.minSpacingPx());
  o.max_level = std::log10(observer.maxSpacingPx());
  o.start = o.max_level;
  o.step = 0.04;
  o.first_step = 0.12;
  o.reversals = options.reversals;
  o.average_last = std::max(2, options.reversals - 6);
  o.max_trials = options.max_trials;
  result.rule = std::to_string(o.down) + "-down-1-up";
  UpDownStaircase staircase(o);
  while (!staircase.done() && !stopped(options)) {
    const double px = std::pow(10.0, staircase.level());
    const bool correct = observer.respond(px);
    staircase.respond(correct);
    result.track.emplace_back(px, correct);
    if (options.on_trial) options.on_trial(static_cast<int>(result.track.size()), px, correct);
  }
  result.procedure_px = std::pow(10.0, staircase.estimate());
}

void runQuest(ModelObserver& observer, const CriticalSpacingOptions& options,
              CriticalSpacingResult& result) {
  QuestOptions o;
  o.model.beta = 10;  // per log10 unit: from touching flankers to free in about a third of a log
  o.model.guess = result.guess;
  o.model.lapse = 1 - result.baseline;
  o.min_level = std::log10(observer.minSpacingPx());
  o.max_level = std::log10(observer.maxSpacingPx());
  o.grid_lo = o.min_level - 0.5;
  o.grid_hi = o.max_level + 0.5;
  o.prior_mean = (o.min_level + o.max_level) / 2;
  o.prior_sd = std::max(0.1, o.max_level - o.min_level);
  o.target = result.criterion;
  o.trials = options.quest_trials;
  char rule[32];
  std::snprintf(rule, sizeof rule, "QUEST at %.2f", result.criterion);
  result.rule = rule;
  Quest quest(o);
  while (!quest.done() && !stopped(options)) {
    // On a 0.005 log-unit grid: levels repeat, so the observer reuses its stimulus samplers.
    const double level =
        std::clamp(std::round(quest.level() / kQuestGrid) * kQuestGrid, o.min_level, o.max_level);
    const double px = std::pow(10.0, level);
    const bool correct = observer.respond(px);
    quest.respond(level, correct);
    result.track.emplace_back(px, correct);
    if (options.on_trial) options.on_trial(static_cast<int>(result.track.size()), px, correct);
  }
  result.procedure_px = std::pow(10.0, quest.estimate());
}

void setNaN(CriticalSpacingResult& r) {
  r.critical_px = r.low_px = r.high_px = kNaN;
  r.critical_deg = r.low_deg = r.high_deg = kNaN;
}

}  // namespace

std::string toString(Procedure procedure) {
  return procedure == Procedure::Quest ? "quest" : "updown";
}

Procedure parseProcedure(const std::string& name) {
  if (name == "updown") return Procedure::UpDown;
  if (name == "quest") return Procedure::Quest;
  throw InputError("procedure '" + name + "': expected updown or quest");
}

CriticalSpacingResult measureCriticalSpacing(ModelObserver& observer,
                                             const CriticalSpacingOptions& options) {
  CriticalSpacingResult result;
  setNaN(result);
  result.fit.refusal = "not fitted";  // until there are trials to fit
  result.ecc_px = observer.stimulus().geometry.target_ecc_px;
  result.ecc_deg = observer.eccentricityDeg();
  result.guess = 1.0 / observer.classes();
  // The unflanked accuracy: the widest spacing the canvas allows is not "unflanked" for a
  // model with wide pooling, so the target is shown alone.
  int right = 0;
  for (int i = 0; i < options.baseline_trials && !stopped(options); ++i) {
    right += observer.respondAlone() ? 1 : 0;
  }
  if (stopped(options)) {
    result.refusal = "stopped";
    return result;
  }
  result.baseline = options.baseline_trials > 0 ? double(right) / options.baseline_trials : 1.0;
  result.criterion = result.guess + (result.baseline - result.guess) / 2;
  if (result.baseline < result.guess + kMinUsefulGain) {
    char text[160];
    std::snprintf(text, sizeof text,
                  "the target alone is recognised at %.2f, near chance (%.2f): nothing to crowd",
                  result.baseline, result.guess);
    result.refusal = text;
    return result;
  }
  if (std::log10(observer.maxSpacingPx() / observer.minSpacingPx()) < 0.05) {
    result.refusal = "the canvas leaves no room to vary the spacing at this eccentricity";
    return result;
  }
  if (options.procedure == Procedure::Quest) {
    runQuest(observer, options, result);
  } else {
    runUpDown(observer, options, result);
  }
  if (stopped(options)) {
    result.refusal = "stopped";
    return result;
  }
  std::vector<std::pair<double, bool>> logged;
  for (const auto& [px, correct] : result.track) logged.emplace_back(std::log10(px), correct);
  const auto data = aggregate(logged);
  FitOptions fit_options;
  fit_options.guess = result.guess;
  fit_options.fit_lapse = false;
  fit_options.fixed_lapse = 1 - result.baseline;
  result.fit = fitPsychometric(data, fit_options);
  if (!result.fit.refusal.empty()) {
    result.refusal = "no psychometric fit: " + result.fit.refusal;
    return result;
  }
  result.interval =
      bootstrap(result.fit, data, fit_options, result.criterion, options.bootstrap, options.seed);
  const double lo = std::log10(observer.minSpacingPx()), hi = std::log10(observer.maxSpacingPx());
  const double t = result.interval.threshold.estimate;
  // A threshold outside the spacings tried is not a measurement: the data only bound it.
  if (!std::isfinite(t)) {
    result.refusal = "the fitted function never reaches the criterion";
    return result;
  }
  if (t < lo || t > hi) {
    result.refusal = t < lo ? "no crowding: accuracy holds with the flankers touching the target"
                            : "crowded at every spacing the canvas allows";
    return result;
  }
  result.critical_px = std::pow(10.0, std::clamp(t, lo, hi));
  const double low = result.interval.threshold.low, high = result.interval.threshold.high;
  if (result.interval.resamples > 0) {
    result.interval_censored = !(low >= lo && high <= hi);
    result.low_px = std::pow(10.0, std::clamp(low, lo, hi));
    result.high_px = std::pow(10.0, std::clamp(high, lo, hi));
  }  // else no interval: low and high stay NaN
  result.critical_deg = observer.spacingDeg(result.critical_px);
  if (std::isfinite(result.low_px)) result.low_deg = observer.spacingDeg(result.low_px);
  if (std::isfinite(result.high_px)) result.high_deg = observer.spacingDeg(result.high_px);
  return result;
}

}  // namespace fovea::psychophysics
