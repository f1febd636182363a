// fovea-cli demo: the main job, end to end and headless: train the quick crowding experiment,
// score it on its crowding grid and draw its report. --mnist runs the foundation's small digit
// CNN instead (a seconds-long smoke test of the engine).
#include <spdlog/spdlog.h>

#include <chrono>

#include "cli_context.h"
#include "core/demo/digit_demo.h"
#include "experiment_steps.h"

namespace fovea::cli {
namespace {

void runMnistDemo(const CliContext& context, const demo::DigitDemoOptions& options) {
  int last_logged_epoch = -1;
  const auto result = demo::runDigitDemo(options, [&](const demo::DigitDemoProgress& p) {
    if (p.epoch != last_logged_epoch && p.step > 1) {
      spdlog::info("epoch {}: step {}/{}, loss {:.3f}", p.epoch + 1, p.step, p.total_steps, p.loss);
      last_logged_epoch = p.epoch;
    }
  });
  context.print({{"job", "digit-demo"},
                 {"steps", result.steps},
                 {"train_images", result.train_images},
                 {"test_images", result.test_images},
                 {"final_loss", result.final_loss},
                 {"test_accuracy", result.test_accuracy},
                 {"seconds", result.seconds},
                 {"train_images_per_s", result.images_per_s}});
}

}  // namespace

void addDemoCommand(CLI::App& app, CliContext& context) {
  auto* command = app.add_subcommand(
      "demo",
      "The main job headless: train, evaluate and report the quick crowding experiment "
      "(crowding-quick); a finished run is reused, a stopped one resumed");
  auto experiment = std::make_shared<ExperimentOptions>();
  experiment->addTo(*command);
  auto mnist = std::make_shared<bool>(false);
  auto options = std::make_shared<demo::DigitDemoOptions>();
  command->add_flag("--mnist", *mnist,
                    "Run the small MNIST CNN instead (options --epochs, --batch-size, --lr, "
                    "--seed, --digits)");
  command->add_option("--epochs", options->epochs, "--mnist: training epochs")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  command->add_option("--batch-size", options->batch_size, "--mnist: images per step")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  command->add_option("--lr", options->learning_rate, "--mnist: Adam learning rate")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  command->add_option("--seed", options->seed, "--mnist: random seed")->capture_default_str();
  command->add_option("--digits", options->sheet, "--mnist: digit sheet (default: opencv-doc's)")
      ->check(CLI::ExistingFile);
  command->callback([&context, experiment, mnist, options] {
    if (*mnist) {
      runMnistDemo(context, *options);
      return;
    }
    const auto started = std::chrono::steady_clock::now();
    RunSettings settings;
    settings.resume = true;  // a finished run is reused, a stopped one continued
    const auto done = runExperiment(*experiment, context, settings, Steps::Both);
    const auto reported = reportExperiment(*experiment, context, ReportOptions{});
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    nlohmann::json runs = nlohmann::json::array();
    for (const auto& run : reported["runs"]) {
      nlohmann::json row = run;
      for (const auto& r : done["runs"]) {
        if (r["run"] != run["run"]) continue;
        if (r.contains("seconds")) row["train_seconds"] = r["seconds"];
        if (r.contains("eval_seconds")) row["eval_seconds"] = r["eval_seconds"];
        if (r.contains("psychophysics")) row["psychophysics"] = r["psychophysics"];
      }
      runs.push_back(row);
    }
    const bool attention = reported.value("task", "") == "attention";
    context.print({{"job", attention ? "attention-demo" : "crowding-demo"},
                   {"experiment", done["experiment"]},
                   {"dir", done["dir"]},
                   {"seconds", seconds},
                   {"diverged", done["diverged"]},
                   {"report", reported["report"]},
                   {"runs", runs}});
  });
}

}  // namespace fovea::cli
