// fovea-cli eval: score trained runs on the experiment's crowding grid into results.sqlite;
// --check verifies the database instead.
#include <filesystem>

#include "cli_context.h"
#include "core/experiment/experiment_layout.h"
#include "core/experiment/results_store.h"
#include "core/util/errors.h"
#include "experiment_steps.h"

namespace fovea::cli {
namespace {

// SQLite's integrity check of the experiment's results, with what they hold.
nlohmann::json checkResults(const ExperimentOptions& experiment) {
  const auto spec = experiment.load();
  const auto path = experiment::ExperimentFiles(experiment.experimentDir(spec)).results();
  if (!std::filesystem::exists(path)) throw InputError(path.string() + ": no results yet");
  const experiment::ResultsStore store(path);
  const auto integrity = store.integrityCheck();
  nlohmann::json out = {{"database", path.string()},
                        {"integrity", integrity},
                        {"runs", store.runs().size()},
                        {"accuracy_cells", store.accuracy().size()},
                        {"attention_cells", store.attention().size()}};
  if (integrity != "ok") throw ExitRequest{kExitFailure, path.string() + ": " + integrity};
  return out;
}

}  // namespace

void addEvalCommand(CLI::App& app, CliContext& context) {
  auto* command = app.add_subcommand(
      "eval",
      "Score trained runs on the crowding grid (results in <out>/results.sqlite); cells already "
      "scored with the run's final checkpoint are kept, so a killed evaluation continues");
  auto experiment = std::make_shared<ExperimentOptions>();
  experiment->addTo(*command);
  auto settings = std::make_shared<RunSettings>();
  auto check = std::make_shared<bool>(false);
  command->add_option("--device", settings->device, "cpu or cuda")->capture_default_str();
  command->add_flag("--check", *check,
                    "Only check the results database (SQLite's integrity check) and count it");
  command->callback([&context, experiment, settings, check] {
    if (*check) {
      context.print(checkResults(*experiment));
      return;
    }
    context.print(runExperiment(*experiment, context, *settings, Steps::Score));
  });
}

}  // namespace fovea::cli
