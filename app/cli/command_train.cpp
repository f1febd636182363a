// fovea-cli train: train the runs of an experiment into their run directories.
#include <spdlog/spdlog.h>

#include <csignal>

#include "cli_context.h"
#include "core/train/trainer.h"
#include "core/util/stop_signals.h"
#include "experiment_steps.h"

namespace fovea::cli {

nlohmann::json trainRuns(const ExperimentOptions& experiment, const CliContext& context,
                         const train::TrainOptions& base) {
  const auto spec = experiment.load();
  const auto dir = experiment.experimentDir(spec);
  StopOnSignals signals;
  nlohmann::json runs = nlohmann::json::array();
  for (const auto& run : experiment.selectedRuns(spec)) {
    train::TrainOptions options = base;
    options.run_dir = dir / "runs" / run.name;
    options.stop = &signals.flag();
    options.data_threads = context.threads;
    options.on_progress = [](const train::TrainProgress& p) {
      spdlog::info(
          "{} step {}/{}: loss {:.4f}, accuracy {:.3f}, lr {:g}, {:.0f} images/s, "
          "{:.0f} s left",
          p.run, p.step, p.total_steps, p.loss, p.accuracy, p.learning_rate, p.images_per_s,
          p.seconds_left);
    };
    const auto result = train::trainRun(spec, run, options);
    runs.push_back({{"run", run.name},
                    {"dir", options.run_dir.string()},
                    {"status", train::toString(result.status)},
                    {"steps", result.step},
                    {"final_loss", result.final_loss},
                    {"seconds", result.seconds},
                    {"train_images_per_s", result.images_per_s}});
    if (result.status == train::TrainStatus::Stopped) {
      context.print({{"experiment", spec.name}, {"runs", runs}});
      throw ExitRequest{128 + (signals.signal() ? signals.signal() : SIGINT),
                        run.name + ": " + result.message};
    }
    if (result.status == train::TrainStatus::Diverged) {
      context.print({{"experiment", spec.name}, {"runs", runs}});
      throw ExitRequest{kExitFailure, run.name + ": " + result.message};
    }
  }
  return {{"experiment", spec.name}, {"dir", dir.string()}, {"runs", runs}};
}

void addTrainCommand(CLI::App& app, CliContext& context) {
  auto* command = app.add_subcommand(
      "train",
      "Train the runs of an experiment (each model at each learning rate); SIGINT/SIGTERM "
      "checkpoint and exit with 128 + signal, --resume continues");
  auto experiment = std::make_shared<ExperimentOptions>();
  experiment->addTo(*command);
  auto options = std::make_shared<train::TrainOptions>();
  command->add_flag("--resume", options->resume,
                    "Continue from the runs' checkpoints (finished runs are skipped)");
  command->add_option("--device", options->device, "cpu or cuda")->capture_default_str();
  command->callback([&context, experiment, options] {
    context.print(trainRuns(*experiment, context, *options));
  });
}

}  // namespace fovea::cli
