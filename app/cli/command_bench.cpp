// fovea-cli bench: performance figures, printed (as JSON with --json). Benchmarks measure; tests
// never time anything.
#include <chrono>
#include <cmath>
#include <opencv2/core.hpp>

#include "cli_context.h"
#include "core/data/digit_sheet.h"
#include "core/stimulus/crowding_sampler.h"
#include "core/stimulus/noisy_digits.h"
#include "core/util/atomic_file.h"
#include "core/util/npy.h"
#include "core/util/parallel.h"

namespace fovea::cli {
namespace {

struct StimuliBenchOptions {
  int samples = 4000;
  int check = 64;
  std::uint64_t seed = 2017;
  std::filesystem::path dump;
};

// Paper-scale eccentricity-model samples: 1920 px canvas, 11 scales of 60 px, a random target
// position, no flankers, all the way to the float network input.
nlohmann::json benchStimuli(const StimuliBenchOptions& options, int threads) {
  const stimulus::StimulusSpec spec;  // the paper stimulus
  const stimulus::CrowdingSampler sampler(spec, options.seed, true);
  sampler.sample(0);  // load the digits before the clock starts

  std::vector<float> sink(static_cast<std::size_t>(hardwareThreads()) * 64, 0.0f);
  const auto start = std::chrono::steady_clock::now();
  parallelFor(options.samples, threads, [&](std::int64_t i) {
    const auto sample = sampler.sample(static_cast<std::uint64_t>(i));
    const auto input = sampler.plan().networkInput(sample.crops);
    // Keep the work observable so the compiler cannot drop it.
    sink[static_cast<std::size_t>(i) % sink.size()] +=
        input[static_cast<std::size_t>(i) % input.size()];
  });
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  // The fast path against the full-canvas computation, pixel by pixel.
  double total_diff = 0;
  double max_diff = 0;
  std::int64_t pixels = 0;
  nlohmann::json dumped = nlohmann::json::array();
  std::vector<float> dumped_crops;
  for (int i = 0; i < options.check; ++i) {
    const auto sample = sampler.sample(static_cast<std::uint64_t>(i));
    const auto reference = sampler.referenceCrops(sample);
    for (std::size_t s = 0; s < reference.size(); ++s) {
      cv::Mat diff;
      cv::absdiff(sample.crops[s], reference[s], diff);
      total_diff += cv::sum(diff)[0];
      double highest = 0;
      cv::minMaxLoc(diff, nullptr, &highest);
      max_diff = std::max(max_diff, highest);
      pixels += diff.total();
      if (!options.dump.empty()) {
        for (int y = 0; y < sample.crops[s].rows; ++y)
          for (int x = 0; x < sample.crops[s].cols; ++x)
            dumped_crops.push_back(sample.crops[s].at<std::uint8_t>(y, x));
      }
    }
    dumped.push_back({{"target_digit", sample.target_digit},
                      {"target_ecc_px", sample.target_ecc_px},
                      {"label", sample.label}});
  }
  if (!options.dump.empty()) {
    std::filesystem::create_directories(options.dump);
    writeFileAtomically(options.dump / "samples.json", dumped.dump(1));
    writeNpy(options.dump / "crops.npy", dumped_crops,
             {options.check, spec.retina.scales, spec.retina.crop_px, spec.retina.crop_px});
  }
  return {{"benchmark", "stimuli"},
          {"stimuli_per_s", options.samples / seconds},
          {"samples", options.samples},
          {"threads", threads > 0 ? threads : hardwareThreads()},
          {"seconds", seconds},
          {"canvas_px", spec.geometry.canvas_px},
          {"scales", spec.retina.scales},
          {"crop_px", spec.retina.crop_px},
          {"versus_full_canvas",
           {{"samples", options.check},
            {"mean_abs_diff", pixels ? total_diff / static_cast<double>(pixels) : 0.0},
            {"max_abs_diff", max_diff}}}};
}

struct RetinaBenchOptions {
  int samples = 2000;
  int check = 16;
  std::filesystem::path dump;
};

// 128 x 128 retina samples of the What/Where and transformer studies: digit placed, shifted,
// mixed into fresh MotionCloud noise at contrast 0.7, and masked.
nlohmann::json benchRetina(const RetinaBenchOptions& options, int threads) {
  const auto& digits = data::defaultDigits();
  const stimulus::NoisyDigitSpec spec;
  std::vector<double> sink(64, 0.0);
  const auto start = std::chrono::steady_clock::now();
  parallelFor(options.samples, threads, [&](std::int64_t i) {
    const auto index = static_cast<std::size_t>(i) % digits.size();
    const auto sample =
        stimulus::makeNoisyDigit(digits.glyph(index), spec, static_cast<std::uint64_t>(i));
    sink[static_cast<std::size_t>(i) % sink.size()] += sample.image.at<double>(64, 64);
  });
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (!options.dump.empty()) {
    // Each checked sample with everything a reimplementation needs to redo the mixing and mask.
    std::filesystem::create_directories(options.dump);
    nlohmann::json samples = nlohmann::json::array();
    std::vector<float> noises, images;
    for (int i = 0; i < options.check; ++i) {
      const auto index = static_cast<std::size_t>(i) % digits.size();
      const auto sample =
          stimulus::makeNoisyDigit(digits.glyph(index), spec, static_cast<std::uint64_t>(i));
      samples.push_back({{"digit", index},
                         {"row_offset", sample.row_offset},
                         {"col_offset", sample.col_offset},
                         {"contrast", sample.contrast}});
      for (int r = 0; r < 128; ++r)
        for (int c = 0; c < 128; ++c) {
          noises.push_back(static_cast<float>(sample.noise.at<double>(r, c)));
          images.push_back(static_cast<float>(sample.image.at<double>(r, c)));
        }
    }
    writeFileAtomically(options.dump / "samples.json", samples.dump(1));
    writeNpy(options.dump / "noise.npy", noises, {options.check, 128, 128});
    writeNpy(options.dump / "images.npy", images, {options.check, 128, 128});
  }
  return {{"benchmark", "retina"},      {"retina_samples_per_s", options.samples / seconds},
          {"samples", options.samples}, {"threads", threads > 0 ? threads : hardwareThreads()},
          {"seconds", seconds},         {"size_px", spec.size}};
}

}  // namespace

void addBenchCommand(CLI::App& app, CliContext& context) {
  auto* bench = app.add_subcommand("bench", "Measure performance figures");
  bench->require_subcommand(1);
  auto* stimuli = bench->add_subcommand(
      "stimuli", "Paper-scale eccentricity-model samples per second, on all cores");
  auto options = std::make_shared<StimuliBenchOptions>();
  stimuli->add_option("--samples", options->samples, "Samples to time")
      ->check(CLI::Range(1, 100000000))
      ->capture_default_str();
  stimuli
      ->add_option("--check", options->check, "Samples compared with the full-canvas computation")
      ->check(CLI::Range(0, 100000))
      ->capture_default_str();
  stimuli->add_option("--seed", options->seed, "Random seed")->capture_default_str();
  stimuli->add_option("--dump", options->dump,
                      "Write the checked samples (samples.json, crops.npy) to this folder");
  stimuli->callback(
      [&context, options] { context.print(benchStimuli(*options, context.threads)); });

  auto retina_options = std::make_shared<RetinaBenchOptions>();
  auto* retina = bench->add_subcommand(
      "retina", "128 x 128 noisy-digit retina samples per second, on all cores");
  retina->add_option("--samples", retina_options->samples, "Samples to time")
      ->check(CLI::Range(1, 100000000))
      ->capture_default_str();
  retina->add_option("--dump", retina_options->dump,
                     "Write checked samples (samples.json, noise.npy, images.npy) to this folder");
  retina->callback(
      [&context, retina_options] { context.print(benchRetina(*retina_options, context.threads)); });

  addModelBenchCommands(*bench, context);
  addAttentionBenchCommand(*bench, context);
  addSweepBenchCommand(*bench, context);
  addConvRnnBenchCommand(*bench, context);
}

}  // namespace fovea::cli
