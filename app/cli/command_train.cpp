// fovea-cli train: train the runs of an experiment into their run directories.
#include "cli_context.h"
#include "experiment_steps.h"

namespace fovea::cli {

void addTrainCommand(CLI::App& app, CliContext& context) {
  auto* command = app.add_subcommand(
      "train",
      "Train the runs of an experiment (each model at each learning rate); SIGINT/SIGTERM "
      "checkpoint and exit with 128 + signal, --resume continues");
  auto experiment = std::make_shared<ExperimentOptions>();
  experiment->addTo(*command);
  auto settings = std::make_shared<RunSettings>();
  command->add_flag("--resume", settings->resume,
                    "Continue from the runs' checkpoints (finished runs are skipped); refused "
                    "when the spec changed since");
  command->add_flag("--fresh", settings->fresh,
                    "Start the runs over; their old directories are kept as <run>.old-N");
  command->add_option("--device", settings->device, "cpu or cuda")->capture_default_str();
  command->callback([&context, experiment, settings] {
    context.print(runExperiment(*experiment, context, *settings, Steps::Train));
  });
}

}  // namespace fovea::cli
