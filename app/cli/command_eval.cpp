// fovea-cli eval: score trained runs on the experiment's crowding grid into results.sqlite.
#include <spdlog/spdlog.h>

#include <csignal>

#include "cli_context.h"
#include "core/eval/crowding_grid.h"
#include "core/experiment/results_store.h"
#include "core/train/run_record.h"
#include "core/util/errors.h"
#include "core/util/stop_signals.h"
#include "experiment_steps.h"

namespace fovea::cli {
nlohmann::json evaluateRuns(const ExperimentOptions& experiment, const CliContext& context,
                            const std::string& device) {
  const auto spec = experiment.load();
  const auto dir = experiment.experimentDir(spec);
  experiment::ResultsStore store(dir / "results.sqlite");
  StopOnSignals signals;
  nlohmann::json runs = nlohmann::json::array();
  const auto grid = eval::crowdingGrid(spec.eval);
  for (const auto& run : experiment.selectedRuns(spec)) {
    const train::RunFiles files(dir / "runs" / run.name);
    if (train::runStatus(files) != "finished") {
      throw InputError(files.dir.string() + ": run '" + run.name +
                       "' is not finished training; run fovea-cli train first");
    }
    const eval::Predictor predictor(files.checkpoint(), device);
    const auto record = train::readRunRecord(spec, run, files);
    store.putRun(record);

    eval::EvalOptions options;
    options.data_threads = context.threads;
    options.stop = &signals.flag();
    options.on_result = [&](const eval::ConditionResult& r, std::size_t done, std::size_t total) {
      if (r.valid) {
        spdlog::debug("{} [{}/{}] type {} te {} fe {}: accuracy {:.3f}", run.name, done, total,
                      r.condition.flanker_type, r.condition.target_ecc_px,
                      r.condition.flanker_ecc_px, r.accuracy);
      }
    };
    const auto started = std::chrono::steady_clock::now();
    const auto results = eval::evaluateConditions(spec, predictor, grid, options);
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    store.putAccuracy(run.name, results);
    std::size_t valid = 0;
    std::int64_t images = 0;
    double alone_sum = 0;
    int alone_count = 0;
    nlohmann::json skipped = nlohmann::json::array();
    for (const auto& r : results) {
      if (!r.valid) {
        skipped.push_back({{"flanker_type", r.condition.flanker_type},
                           {"target_ecc_px", r.condition.target_ecc_px},
                           {"flanker_ecc_px", r.condition.flanker_ecc_px},
                           {"reason", r.reason}});
        continue;
      }
      ++valid;
      images += r.images;
      if (r.condition.flanker_type == 0) {
        alone_sum += r.accuracy;
        ++alone_count;
      }
    }
    spdlog::info("{}: {} of {} cells valid, {} skipped, {:.1f} s", run.name, valid, results.size(),
                 skipped.size(), seconds);
    nlohmann::json row = {{"run", run.name},
                          {"cells", results.size()},
                          {"valid_cells", valid},
                          {"skipped_cells", skipped.size()},
                          {"target_alone_accuracy", alone_count ? alone_sum / alone_count : 0.0},
                          {"seconds", seconds},
                          {"eval_images_per_s", seconds > 0 ? images / seconds : 0.0}};
    if (context.verbose) row["skipped"] = skipped;  // which cells, and why
    runs.push_back(row);
    if (signals.flag().load()) {
      throw ExitRequest{128 + signals.signal(), "evaluation stopped; finished cells are stored"};
    }
  }
  return {{"experiment", spec.name}, {"database", store.path().string()}, {"runs", runs}};
}

void addEvalCommand(CLI::App& app, CliContext& context) {
  auto* command = app.add_subcommand(
      "eval", "Score trained runs on the crowding grid (results in <out>/results.sqlite)");
  auto experiment = std::make_shared<ExperimentOptions>();
  experiment->addTo(*command);
  auto device = std::make_shared<std::string>("cpu");
  command->add_option("--device", *device, "cpu or cuda")->capture_default_str();
  command->callback([&context, experiment, device] {
    context.print(evaluateRuns(*experiment, context, *device));
  });
}

}  // namespace fovea::cli
