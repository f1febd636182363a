// fovea-cli dataset: build a cached crowding dataset, or inspect and verify one.
#include <spdlog/spdlog.h>

#include <fstream>

#include "cli_context.h"
#include "core/stimulus/crowding_dataset.h"
#include "core/stimulus/noisy_dataset.h"
#include "core/util/errors.h"
#include "spec_options.h"

namespace fovea::cli {
namespace {

struct DatasetOptions {
  std::string kind = "crowding";
  std::string split = "train";  // noisy sets
  SpecOptions spec;
  std::filesystem::path dir;
  std::int64_t count = 1000;
  std::uint64_t seed = 2017;
  bool fixed_position = false;
  bool force = false;
};

}  // namespace

void addDatasetCommand(CLI::App& app, CliContext& context) {
  auto* dataset = app.add_subcommand("dataset", "Build or inspect a cached crowding dataset");
  dataset->require_subcommand(1);

  auto options = std::make_shared<DatasetOptions>();
  auto* build = dataset->add_subcommand(
      "build", "Generate samples on all cores into a folder (reused when it is already valid)");
  build
      ->add_option("--kind", options->kind,
                   "crowding (eccentricity-model crops), noisy-28 (What set) or noisy-128 "
                   "(retina set)")
      ->check(CLI::IsMember({"crowding", "noisy-28", "noisy-128"}))
      ->capture_default_str();
  build->add_option("--split", options->split, "Digits of the noisy sets: train or test")
      ->check(CLI::IsMember({"train", "test"}))
      ->capture_default_str();
  options->spec.addTo(*build);
  build->add_option("dir", options->dir, "Dataset folder")->required();
  build->add_option("--count", options->count, "Number of samples")
      ->check(CLI::Range(std::int64_t{1}, std::int64_t{100000000}))
      ->capture_default_str();
  build->add_option("--seed", options->seed, "Random seed")->capture_default_str();
  build->add_flag("--fixed-position", options->fixed_position,
                  "Keep the spec's target eccentricity (default: random shifts, as in training)");
  build->add_flag("--force", options->force, "Rebuild even when the cache is valid");
  build->callback([&context, options] {
    if (options->kind != "crowding") {
      stimulus::NoisyDatasetRecipe noisy;
      noisy.spec.size = options->kind == "noisy-28" ? 28 : 128;
      if (noisy.spec.size == 28) {
        // The What set's robust-training draw: contrast U(0.3, 0.7), shifts of std 15, max 25.
        noisy.spec.contrast_min = 0.3;
        noisy.spec.offset_std = 15;
        noisy.spec.offset_max = 25;
      }
      noisy.split = options->split;
      noisy.seed = options->seed;
      noisy.count = options->count;
      const auto summary = options->force
                               ? stimulus::buildNoisyDataset(noisy, options->dir, context.threads)
                               : stimulus::ensureNoisyDataset(noisy, options->dir, context.threads);
      context.print({{"dir", summary.dir.string()},
                     {"kind", options->kind},
                     {"count", summary.count},
                     {"shape", {summary.count, summary.crop_px, summary.crop_px}},
                     {"rebuilt", summary.rebuilt},
                     {"seconds", summary.seconds}});
      return;
    }
    stimulus::DatasetRecipe recipe;
    recipe.spec = options->spec.load();
    recipe.seed = options->seed;
    recipe.count = options->count;
    recipe.random_shifts = !options->fixed_position;
    std::int64_t last_percent = -1;
    auto progress = [&](std::int64_t done, std::int64_t total) {
      const std::int64_t percent = done * 10 / total;
      if (percent != last_percent) spdlog::info("dataset: {} of {} samples", done, total);
      last_percent = percent;
    };
    const auto summary =
        options->force ? stimulus::buildDataset(recipe, options->dir, context.threads, progress)
                       : stimulus::ensureDataset(recipe, options->dir, context.threads, progress);
    context.print(
        {{"dir", summary.dir.string()},
         {"count", summary.count},
         {"shape", {summary.count, summary.scales, summary.crop_px, summary.crop_px}},
         {"rebuilt", summary.rebuilt},
         {"seconds", summary.seconds},
         {"samples_per_s",
          summary.rebuilt && summary.seconds > 0 ? summary.count / summary.seconds : 0.0}});
  });

  auto inspect_dir = std::make_shared<std::filesystem::path>();
  auto* inspect = dataset->add_subcommand("inspect", "Verify a dataset folder and show its recipe");
  inspect->add_option("dir", *inspect_dir, "Dataset folder")->required();
  inspect->callback([&context, inspect_dir] {
    // Whichever kind it is: the crowding check names the problem when neither matches.
    std::string problem = stimulus::verifyDataset(*inspect_dir);
    if (!problem.empty() && stimulus::verifyNoisyDataset(*inspect_dir).empty()) problem.clear();
    if (!problem.empty()) throw InputError(problem);
    std::ifstream in(*inspect_dir / "meta.json");
    auto meta = nlohmann::json::parse(in);
    meta["valid"] = true;
    context.print(meta);
  });
}

}  // namespace fovea::cli
