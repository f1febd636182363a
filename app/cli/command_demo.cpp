// fovea-cli demo: the main job, end to end and headless.
#include <spdlog/spdlog.h>

#include "cli_context.h"
#include "core/demo/digit_demo.h"

namespace fovea::cli {

void addDemoCommand(CLI::App& app, CliContext& context) {
  auto* command = app.add_subcommand(
      "demo", "Run the quick default job headless: train a small CNN on real MNIST digits");
  auto options = std::make_shared<demo::DigitDemoOptions>();
  command->add_option("--epochs", options->epochs, "Training epochs")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  command->add_option("--batch-size", options->batch_size, "Images per step")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  command->add_option("--lr", options->learning_rate, "Adam learning rate")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  command->add_option("--seed", options->seed, "Random seed")->capture_default_str();
  command->add_option("--digits", options->sheet, "MNIST digit sheet (default: opencv-doc's)")
      ->check(CLI::ExistingFile);
  command->callback([&context, options] {
    int last_logged_epoch = -1;
    const auto result = demo::runDigitDemo(*options, [&](const demo::DigitDemoProgress& p) {
      if (p.epoch != last_logged_epoch && p.step > 1) {
        spdlog::info("epoch {}: step {}/{}, loss {:.3f}", p.epoch + 1, p.step, p.total_steps,
                     p.loss);
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
  });
}

}  // namespace fovea::cli
