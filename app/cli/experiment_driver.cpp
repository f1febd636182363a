// The CLI's driver of the executor: log lines for its events, JSON for its outcome.
#include <spdlog/spdlog.h>

#include <csignal>

#include "core/util/stop_signals.h"
#include "experiment_steps.h"

namespace fovea::cli {
namespace {

class LogListener : public experiment::ExperimentListener {
 public:
  void trainingProgress(const experiment::RunPlan&, const train::TrainProgress& p) override {
    spdlog::info(
        "{} step {}/{}: loss {:.4f}, accuracy {:.3f}, lr {:g}, {:.0f} images/s, "
        "{:.0f} s left",
        p.run, p.step, p.total_steps, p.loss, p.accuracy, p.learning_rate, p.images_per_s,
        p.seconds_left);
  }
  void cellScored(const experiment::RunPlan& run, const eval::ConditionResult& r, std::size_t done,
                  std::size_t cells) override {
    if (!r.valid) return;
    spdlog::debug("{} [{}/{}] type {} te {} fe {}: accuracy {:.3f}", run.name, done, cells,
                  r.condition.flanker_type, r.condition.target_ecc_px, r.condition.flanker_ecc_px,
                  r.accuracy);
  }
};

nlohmann::json trainJson(const experiment::RunOutcome& r, const experiment::ExperimentExecutor& x) {
  const auto& t = *r.train;
  return {{"dir", x.runDir(r.run).string()},
          {"status", train::toString(t.status)},
          {"steps", t.step},
          {"final_loss", t.final_loss},
          {"seconds", t.seconds},
          {"train_images_per_s", t.images_per_s}};
}

nlohmann::json scoreJson(const experiment::ScoreSummary& s, bool verbose) {
  nlohmann::json row = {{"cells", s.cells},
                        {"kept_cells", s.kept},
                        {"scored_cells", s.scored},
                        {"valid_cells", s.valid},
                        {"skipped_cells", s.invalid.size()},
                        {"target_alone_accuracy", s.target_alone_accuracy},
                        {"mean_accuracy", s.mean_accuracy},
                        {"checkpoint_crc32", s.checkpoint_crc32},
                        {"eval_seconds", s.seconds},
                        {"eval_images_per_s", s.seconds > 0 ? s.images / s.seconds : 0.0}};
  if (verbose) {
    nlohmann::json skipped = nlohmann::json::array();
    for (const auto& r : s.invalid) {
      skipped.push_back({{"flanker_type", r.condition.flanker_type},
                         {"target_ecc_px", r.condition.target_ecc_px},
                         {"flanker_ecc_px", r.condition.flanker_ecc_px},
                         {"reason", r.reason}});
    }
    row["skipped"] = skipped;  // which cells, and why
  }
  return row;
}

nlohmann::json measureJson(const experiment::MeasureSummary& m) {
  return {{"conditions", m.conditions},
          {"kept_conditions", m.kept},
          {"measured_conditions", m.measured},
          {"trials", m.trials},
          {"seconds", m.seconds},
          {"lines", m.lines}};
}

}  // namespace

nlohmann::json runExperiment(const ExperimentOptions& experiment, const CliContext& context,
                             const RunSettings& settings, Steps steps) {
  const auto spec = experiment.load();
  StopOnSignals signals;
  experiment::ExecutorOptions options;
  options.dir = experiment.experimentDir(spec);
  options.runs = experiment.runs;
  options.resume = settings.resume || settings.fresh;
  options.fresh = settings.fresh;
  options.device = settings.device;
  options.threads = context.threads;
  options.stop = &signals.flag();
  LogListener listener;
  experiment::ExperimentExecutor executor(spec, options, &listener);
  const auto outcome = steps == Steps::Train   ? executor.trainAll()
                       : steps == Steps::Score ? executor.scoreAll()
                                               : executor.runAll();
  nlohmann::json runs = nlohmann::json::array();
  for (const auto& r : outcome.runs) {
    nlohmann::json row = {{"run", r.run.name}};
    if (r.train) row.update(trainJson(r, executor));
    if (r.score) row.update(scoreJson(*r.score, context.verbose));
    if (r.measure) row["psychophysics"] = measureJson(*r.measure);
    runs.push_back(row);
  }
  nlohmann::json out = {{"experiment", spec.name},
                        {"dir", options.dir.string()},
                        {"database", executor.store().path().string()},
                        {"runs", runs},
                        {"diverged", outcome.diverged}};
  if (!outcome.stopped) out["selected_runs"] = outcome.selected;
  if (outcome.stopped) {
    context.print(out);
    throw ExitRequest{128 + (signals.signal() ? signals.signal() : SIGINT),
                      "stopped; checkpoints and scored cells are kept (continue with --resume)"};
  }
  if (!outcome.diverged.empty() && steps == Steps::Train) {
    context.print(out);
    std::string what;
    for (const auto& d : outcome.diverged) what += (what.empty() ? "" : "; ") + d;
    throw ExitRequest{kExitFailure, what};
  }
  return out;
}

}  // namespace fovea::cli
