#include "core/psychophysics/threshold.h"

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
constexpr double kMinUsefulGain = 0.1;  // the asymptote must beat chance by this much
constexpr double kQuestGrid = 0.005;    // log10 units: about 1 % of the level

bool stopped(const ThresholdOptions& options) {
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

void runUpDown(ModelObserver& observer, const ThresholdOptions& options, ThresholdResult& result) {
  UpDownOptions o;
  o.down = downFor(result.criterion);
  o.min_level = std::log10(observer.minLevel());
  o.max_level = std::log10(observer.maxLevel());
  o.start = o.max_level;
  o.step = 0.04;
  o.first_step = 0.12;
  o.reversals = options.reversals;
  o.average_last = std::max(2, options.reversals - 6);
  o.max_trials = options.max_trials;
  result.rule = std::to_string(o.down) + "-down-1-up";
  UpDownStaircase staircase(o);
  while (!staircase.done() && !stopped(options)) {
    const double level = observer.shown(std::pow(10.0, staircase.level()));
    const bool correct = observer.respond(level);
    staircase.respond(correct);
    result.track.emplace_back(level, correct);
    if (options.on_trial) options.on_trial(static_cast<int>(result.track.size()), level, correct);
  }
  result.procedure_estimate = std::pow(10.0, staircase.estimate());
}

void runQuest(ModelObserver& observer, const ThresholdOptions& options, ThresholdResult& result) {
  QuestOptions o;
  // Per log10 unit: from chance to the asymptote in about a third of a log unit (touching
  // flankers to free ones, for spacing).
  o.model.beta = 10;
  o.model.guess = result.guess;
  o.model.lapse = 1 - result.baseline;
  o.min_level = std::log10(observer.minLevel());
  o.max_level = std::log10(observer.maxLevel());
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
    const double value = observer.shown(std::pow(10.0, level));
    const bool correct = observer.respond(value);
    quest.respond(std::log10(value), correct);
    result.track.emplace_back(value, correct);
    if (options.on_trial) options.on_trial(static_cast<int>(result.track.size()), value, correct);
  }
  result.procedure_estimate = std::pow(10.0, quest.estimate());
}

void setNaN(ThresholdResult& r) {
  r.threshold = r.low = r.high = kNaN;
  r.threshold_deg = r.low_deg = r.high_deg = kNaN;
}

// Why a fitted threshold outside the levels tried is not a measurement, per variable.
std::string outOfRange(Variable variable, bool below) {
  switch (variable) {
    case Variable::Contrast:
      return below ? "accuracy holds down to the lowest contrast, 3 / 255"
                   : "below the criterion even at full contrast";
    case Variable::Size:
      return below ? "accuracy holds down to the smallest size tried"
                   : "below the criterion even at the run's own size";
    default:
      return below ? "no crowding: accuracy holds with the flankers touching the target"
                   : "crowded at every spacing the canvas allows";
  }
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

ThresholdResult measureThreshold(ModelObserver& observer, const ThresholdOptions& options) {
  ThresholdResult result;
  setNaN(result);
  result.fit.refusal = "not fitted";  // until there are trials to fit
  result.ecc_px = observer.stimulus().geometry.target_ecc_px;
  result.ecc_deg = observer.eccentricityDeg();
  result.guess = 1.0 / observer.classes();
  // For spacing the target alone: the widest spacing the canvas allows is not "unflanked" for a
  // model with wide pooling.
  int right = 0;
  for (int i = 0; i < options.baseline_trials && !stopped(options); ++i) {
    right += observer.respondBaseline() ? 1 : 0;
  }
  if (stopped(options)) {
    result.refusal = "stopped";
    return result;
  }
  result.baseline = options.baseline_trials > 0 ? double(right) / options.baseline_trials : 1.0;
  result.criterion = result.guess + (result.baseline - result.guess) / 2;
  if (result.baseline < result.guess + kMinUsefulGain) {
    const bool spacing = observer.options().variable == Variable::Spacing;
    char text[160];
    std::snprintf(text, sizeof text, "the target %s is recognised at %.2f, near chance (%.2f)%s",
                  spacing ? "alone" : "at the highest level", result.baseline, result.guess,
                  spacing ? ": nothing to crowd" : "");
    result.refusal = text;
    return result;
  }
  if (std::log10(observer.maxLevel() / observer.minLevel()) < 0.05) {
    result.refusal = "the canvas leaves no room to vary the " +
                     toString(observer.options().variable) + " at this eccentricity";
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
  for (const auto& [level, correct] : result.track) logged.emplace_back(std::log10(level), correct);
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
  const double lo = std::log10(observer.minLevel()), hi = std::log10(observer.maxLevel());
  const double t = result.interval.threshold.estimate;
  // A threshold outside the levels tried is not a measurement: the data only bound it.
  if (!std::isfinite(t)) {
    result.refusal = "the fitted function never reaches the criterion";
    return result;
  }
  if (t < lo || t > hi) {
    result.refusal = outOfRange(observer.options().variable, t < lo);
    return result;
  }
  result.threshold = std::pow(10.0, t);
  const double low = result.interval.threshold.low, high = result.interval.threshold.high;
  if (result.interval.resamples > 0) {
    result.interval_censored = !(low >= lo && high <= hi);
    result.low = std::pow(10.0, std::clamp(low, lo, hi));
    result.high = std::pow(10.0, std::clamp(high, lo, hi));
  }  // else no interval: low and high stay NaN
  result.threshold_deg = observer.levelDeg(result.threshold);
  if (std::isfinite(result.low)) result.low_deg = observer.levelDeg(result.low);
  if (std::isfinite(result.high)) result.high_deg = observer.levelDeg(result.high);
  return result;
}

}  // namespace fovea::psychophysics
