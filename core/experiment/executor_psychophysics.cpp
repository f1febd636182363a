// The executor's Measure stage: a scored run as an observer of [psychophysics]'s conditions.
#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <map>

#include "core/experiment/executor.h"
#include "core/experiment/run_identity.h"
#include "core/util/atomic_file.h"
#include "core/util/errors.h"

namespace fovea::experiment {
namespace {

// "spacing-radial-both: b = 0.41 [0.36, 0.46]" ("slope" for size), or why there is no line.
std::string lineText(const ThresholdLineRecord& line, psychophysics::Variable variable) {
  if (!line.refusal.empty()) return line.condition + ": " + line.refusal;
  char text[96];
  std::snprintf(text, sizeof text, "%s = %.3g [%.3g, %.3g]",
                variable == psychophysics::Variable::Spacing ? "b" : "slope", line.slope,
                line.slope_low, line.slope_high);
  return line.condition + ": " + text;
}

std::vector<ThresholdRecord> thresholdRecords(const psychophysics::StudyResult& study,
                                              const std::string& condition,
                                              const std::string& crc) {
  std::vector<ThresholdRecord> out;
  for (const auto& p : study.points) {
    out.push_back({study.run, condition, p.ecc_deg, p.baseline, p.threshold, p.low, p.high,
                   p.threshold_deg, p.low_deg, p.high_deg,
                   static_cast<std::int64_t>(p.track.size()), p.refusal, crc});
  }
  return out;
}

ThresholdLineRecord lineRecord(const psychophysics::StudyResult& study,
                               const std::string& condition, const std::string& crc,
                               const std::string& settings) {
  const auto& fit = study.bouma;
  ThresholdLineRecord line;
  line.run = study.run;
  line.condition = condition;
  line.refusal = fit.refusal;
  line.checkpoint_crc32 = crc;
  line.settings = settings;
  const bool fitted = fit.refusal.empty();  // else no line: nothing to store as a slope of 0
  const double nan = std::nan("");
  line.slope = fitted ? fit.slope.estimate : nan;
  line.slope_low = fitted ? fit.slope.low : nan;
  line.slope_high = fitted ? fit.slope.high : nan;
  line.intercept = fitted ? fit.intercept.estimate : nan;
  line.intercept_low = fitted ? fit.intercept.low : nan;
  line.intercept_high = fitted ? fit.intercept.high : nan;
  return line;
}

// What decides a study's result besides the run: its options (the eccentricities, procedure,
// answers, flankers, level settings, trial counts and seed).
std::string settingsHash(const psychophysics::StudyOptions& o) {
  return specHash({{"ecc_deg", o.ecc_deg},
                   {"arrangement", stimulus::toString(o.arrangement)},
                   {"flankers", psychophysics::toString(o.flankers)},
                   {"sampled", o.response == psychophysics::Response::Sampled},
                   {"variable", psychophysics::toString(o.variable)},
                   {"spacing_ratio", o.spacing_ratio},
                   {"bouma_resamples", o.bouma_resamples},
                   {"procedure", psychophysics::toString(o.measure.procedure)},
                   {"baseline_trials", o.measure.baseline_trials},
                   {"reversals", o.measure.reversals},
                   {"quest_trials", o.measure.quest_trials},
                   {"max_trials", o.measure.max_trials},
                   {"bootstrap", o.measure.bootstrap},
                   {"seed", o.measure.seed}});
}

void writeStudyFiles(const std::filesystem::path& dir, const psychophysics::StudyResult& study) {
  std::filesystem::create_directories(dir);
  writeFileAtomically(dir / "staircase.json", psychophysics::toJson(study).dump(2) + "\n");
  writeFileAtomically(dir / "tracks.csv", psychophysics::tracksCsv(study));
  writeFileAtomically(dir / psychophysics::thresholdsCsvName(study.options.variable),
                      psychophysics::thresholdsCsv(study));
}

}  // namespace

bool ExperimentExecutor::measures(const RunPlan& run) const {
  const auto& p = spec_.psychophysics;
  const auto& model = spec_.models[run.model_index].name;
  return p.present && std::find(p.models.begin(), p.models.end(), model) != p.models.end();
}

MeasureSummary ExperimentExecutor::measure(const RunPlan& run) {
  if (!measures(run)) {
    throw InputError("run '" + run.name + "': [psychophysics] does not measure its model");
  }
  auto start = startScoring(run);  // drops thresholds of any other checkpoint
  const auto crc = start.record.checkpoint_crc32;
  const std::shared_ptr<const eval::Predictor> predictor = std::move(start.predictor);
  std::map<std::string, ThresholdLineRecord> done;
  for (const auto& line : store_->thresholdLines(run.name)) {
    if (line.checkpoint_crc32 == crc) done.emplace(line.condition, line);
  }
  const auto& p = spec_.psychophysics;
  const auto started = std::chrono::steady_clock::now();
  MeasureSummary summary;
  for (const auto& condition : p.conditions()) {
    ++summary.conditions;
    const auto name = condition.name(p.variable);
    auto options = p.studyOptions(condition, spec_.seed);
    const auto settings = settingsHash(options);
    if (const auto found = done.find(name);
        found != done.end() && found->second.settings == settings) {
      ++summary.kept;
      summary.lines.push_back(lineText(found->second, p.variable));
      continue;
    }
    if (stopRequested()) continue;
    options.measure.stop = options_.stop;
    const auto study = psychophysics::runStaircaseStudy(predictor, options);
    if (stopRequested()) continue;  // a stopped study is not a measurement
    writeStudyFiles(RunFiles(runDir(run)).psychophysics(name), study);
    const auto line = lineRecord(study, name, crc, settings);
    store_->putThresholds(thresholdRecords(study, name, crc), line);
    ++summary.measured;
    summary.trials += study.trials;
    summary.lines.push_back(lineText(line, p.variable));
    spdlog::info("{}: {} ({} trials)", run.name, summary.lines.back(), study.trials);
    listener_->studyMeasured(run, name, study);
  }
  summary.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return summary;
}

}  // namespace fovea::experiment
