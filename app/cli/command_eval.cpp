// fovea-cli eval: score trained runs on the experiment's crowding grid into results.sqlite.
#include "cli_context.h"
#include "experiment_steps.h"

namespace fovea::cli {

void addEvalCommand(CLI::App& app, CliContext& context) {
  auto* command = app.add_subcommand(
      "eval",
      "Score trained runs on the crowding grid (results in <out>/results.sqlite); cells already "
      "scored with the run's final checkpoint are kept, so a killed evaluation continues");
  auto experiment = std::make_shared<ExperimentOptions>();
  experiment->addTo(*command);
  auto settings = std::make_shared<RunSettings>();
  command->add_option("--device", settings->device, "cpu or cuda")->capture_default_str();
  command->callback([&context, experiment, settings] {
    context.print(runExperiment(*experiment, context, *settings, Steps::Score));
  });
}

}  // namespace fovea::cli
