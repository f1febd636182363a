// fovea-cli bench train | eval: images per second of a model with its data pipeline (fresh
// paper-scale stimuli every batch), and the GFLOP/s that implies beside the machine's
// matrix-multiply peak.
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>

#include <opencv2/imgproc.hpp>

#include "cli_context.h"
#include "core/engine/runtime.h"
#include "core/eval/predictor.h"
#include "core/eval/throughput.h"
#include "core/inspect/filter_playground.h"
#include "core/psychophysics/model_observer.h"
#include "core/psychophysics/staircase.h"
#include "core/stimulus/stimulus_renderer.h"
#include "core/util/errors.h"
#include "core/util/parallel.h"
#include "experiment_options.h"
#include "scratch_dir.h"

namespace fovea::cli {
namespace {

struct ModelBenchOptions {
  ExperimentOptions experiment;
  std::string model = "ecc-none";
  int steps = 3;
  int batch = 128;
  std::string scheme;  // empty: the model's
};

std::size_t modelIndex(const experiment::ExperimentSpec& spec, const std::string& name) {
  for (std::size_t m = 0; m < spec.models.size(); ++m) {
    if (spec.models[m].name == name) return m;
  }
  throw InputError("--model: no model '" + name + "' in " + spec.name);
}

nlohmann::json benchModel(const ModelBenchOptions& options, const CliContext& context,
                          bool evaluate) {
  auto experiment = options.experiment;
  experiment.overrides.push_back("train.batch=" + std::to_string(options.batch));
  experiment.overrides.push_back("eval.batch=" + std::to_string(options.batch));
  auto spec = experiment.load();
  const std::size_t m = modelIndex(spec, options.model);
  if (!options.scheme.empty()) {
    experiment::setModelKey(spec, m, "scheme", options.scheme);  // refuses an impossible one
  }
  const ScratchDir scratch_dir;
  const auto& scratch = scratch_dir.path;
  const auto engine = engine::runtimeInfo();
  const double peak = engine::measureMatmulGflops(1024, 8);
  nlohmann::json out = {{"experiment", spec.name},
                        {"model", options.model},
                        {"scheme", spec.models[m].net.value("scheme", "")},
                        {"batch", options.batch},
                        {"threads", engine.intra_op_threads},
                        {"matmul_peak_gflops", peak}};
  // Evaluation needs a checkpoint: one training step makes it.
  const auto trained =
      eval::measureTraining(spec, m, evaluate ? 0 : options.steps, 1, scratch, context.threads);
  if (!evaluate) {
    out["train_images_per_s"] = trained.images_per_s;
    out["steps"] = options.steps;
    out["seconds"] = trained.seconds;
    out["forward_gflop_per_image"] = trained.forward_gflop_per_image;
    out["achieved_gflops"] = trained.achieved_gflops;
    out["fraction_of_peak"] = trained.achieved_gflops / peak;
  } else {
    const auto scored =
        eval::measureEvaluation(spec, m, scratch / "checkpoint.pt", options.steps, context.threads);
    out["eval_images_per_s"] = scored.images_per_s;
    out["batches"] = options.steps;
    out["seconds"] = scored.seconds;
    out["forward_gflop_per_image"] = scored.forward_gflop_per_image;
    out["achieved_gflops"] = scored.achieved_gflops;
    out["fraction_of_peak"] = scored.achieved_gflops / peak;
  }
  return out;
}

double medianMs(std::vector<double> seconds) {
  std::sort(seconds.begin(), seconds.end());
  return 1000 * seconds[seconds.size() / 2];
}

// The filter playground's work after an edit: the stimulus's glyph window, its longer side at
// 128 and 256 px, filtered by the run's first-layer kernels (same padding, stride 1, max pooling).
nlohmann::json benchPlayground(const eval::Predictor& predictor,
                               const stimulus::RenderedStimulus& rendered) {
  const auto first = predictor.firstConvolution();
  const auto bank = inspect::trainedBank(first.name, first.shape, first.values);
  inspect::FilterSettings settings;
  settings.padding = inspect::Padding::Same;
  settings.pooling = inspect::Pooling::Max;
  nlohmann::json out = {{"kernels", bank.kernels.size()}, {"kernel_px", bank.kernels[0].size}};
  for (int side : {128, 256}) {
    cv::Mat grey;
    const double scale =
        static_cast<double>(side) / std::max(rendered.window.cols, rendered.window.rows);
    cv::resize(rendered.window, grey, {}, scale, scale, cv::INTER_AREA);
    grey.convertTo(grey, CV_32F, 1.0 / 255);
    const inspect::Plane image{grey.rows, grey.cols,
                               std::vector<float>(grey.begin<float>(), grey.end<float>())};
    std::vector<double> seconds;
    for (int i = 0; i < 6; ++i) {
      const auto start = std::chrono::steady_clock::now();
      inspect::applyFilters(image, bank.kernels, settings);
      seconds.push_back(
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    }
    out["ms_at_" + std::to_string(side) + "px"] = medianMs(seconds);
  }
  return out;
}

// One stimulus through the first and the last layer, as the feature view computes it after a
// drag: the redraw of the stimulus, then the features of the layer shown.
nlohmann::json benchFeatures(const ModelBenchOptions& options, const CliContext& context) {
  const auto spec = options.experiment.load();
  const std::size_t m = modelIndex(spec, options.model);
  const ScratchDir scratch;
  if (spec.attentionTask()) {
    throw InputError("bench features: " + spec.name +
                     " is an attention experiment; the benchmark draws crowding stimuli");
  }
  eval::measureTraining(spec, m, 0, 1, scratch.path, context.threads);  // a checkpoint to load
  const eval::Predictor predictor(scratch.path / "checkpoint.pt");
  if (predictor.layers().empty()) {
    throw InputError("bench features: model '" + options.model + "' (" + predictor.family() +
                     ") describes no layers");
  }
  auto stimulus = predictor.stimulus();
  stimulus.geometry.configuration = stimulus::Configuration::XAX;
  stimulus.geometry.target_ecc_px = stimulus.geometry.canvas_px / 4.0;
  stimulus.geometry.spacing_px = stimulus.geometry.target_px * 2.0;
  const stimulus::StimulusRenderer renderer(stimulus);
  const auto first = predictor.layers().front().name;
  const auto last = predictor.layers().back().name;
  std::vector<double> render_s, first_s, last_s;
  auto seconds = [](auto&& work) {
    const auto start = std::chrono::steady_clock::now();
    work();
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  };
  for (int i = 0; i <= options.steps; ++i) {  // the first round warms up
    auto geometry = stimulus.geometry;
    geometry.target_ecc_px += i;  // a drag moves the target a pixel at a time
    stimulus::RenderedStimulus rendered;
    const double r = seconds([&] { rendered = renderer.render(geometry, false); });
    const double f = seconds([&] { predictor.feature(rendered.input, 1, first); });
    const double l = seconds([&] { predictor.feature(rendered.input, 1, last); });
    if (i == 0) continue;
    render_s.push_back(r);
    first_s.push_back(f);
    last_s.push_back(l);
  }
  const auto playground = benchPlayground(predictor, renderer.render(stimulus.geometry, false));
  return {{"experiment", spec.name},
          {"model", options.model},
          {"input", predictor.input().describe()},
          {"playground", playground},
          {"canvas_px", stimulus.geometry.canvas_px},
          {"repeats", options.steps},
          {"first_layer", first},
          {"last_layer", last},
          {"feature_latency_ms",
           {{"first_layer", medianMs(first_s)}, {"last_layer", medianMs(last_s)}}},
          {"render_ms", medianMs(render_s)},
          {"drag_ms", medianMs(render_s) + medianMs(first_s)}};
}

void addFeaturesBench(CLI::App& bench, CliContext& context) {
  auto* command = bench.add_subcommand(
      "features",
      "Latency of one stimulus through the first and the last layer (medians), as "
      "the feature view needs it after a drag");
  auto options = std::make_shared<ModelBenchOptions>();
  options->steps = 20;
  options->experiment.experiment = "crowding-paper";
  options->experiment.addTo(*command);
  command->add_option("--model", options->model, "Model of the experiment")->capture_default_str();
  command->add_option("--repeats", options->steps, "Stimuli to time")
      ->check(CLI::Range(1, 10000))
      ->capture_default_str();
  command->callback([&context, options] { context.print(benchFeatures(*options, context)); });
}

void addOne(CLI::App& bench, CliContext& context, const std::string& name, bool evaluate) {
  auto* command = bench.add_subcommand(
      name, evaluate ? "Evaluation images/s of a model (default: the paper's 11-1-1-1-1, batch "
                       "128) on fresh stimuli, and GFLOP/s beside the matmul peak"
                     : "Training images/s of a model (default: the paper's 11-1-1-1-1, batch "
                       "128) on fresh stimuli, and GFLOP/s beside the matmul peak");
  auto options = std::make_shared<ModelBenchOptions>();
  options->experiment.experiment = "crowding-paper";
  options->experiment.addTo(*command);
  command->add_option("--model", options->model, "Model of the experiment")->capture_default_str();
  command->add_option("--scheme", options->scheme, "Another scale-pooling scheme");
  command->add_option("--steps", options->steps, evaluate ? "Batches to time" : "Steps to time")
      ->check(CLI::Range(1, 100000))
      ->capture_default_str();
  command->add_option("--batch", options->batch, "Images per batch")
      ->check(CLI::Range(1, 100000))
      ->capture_default_str();
  command->callback(
      [&context, options, evaluate] { context.print(benchModel(*options, context, evaluate)); });
}

}  // namespace

// Trials per second of a staircase: each trial draws a stimulus at the staircase's spacing and
// asks the network, one image at a time (the next spacing depends on the answer).
nlohmann::json benchStaircase(const ModelBenchOptions& options, const CliContext& context) {
  const auto spec = options.experiment.load();
  const std::size_t m = modelIndex(spec, options.model);
  const ScratchDir scratch;
  eval::measureTraining(spec, m, 0, 1, scratch.path, context.threads);  // a checkpoint to load
  auto predictor = std::make_shared<const eval::Predictor>(scratch.path / "checkpoint.pt");
  psychophysics::ObserverOptions observer_options;
  observer_options.ecc_px = predictor->stimulus().geometry.target_px;  // one digit out
  psychophysics::ModelObserver observer(predictor, observer_options);
  psychophysics::UpDownOptions staircase_options;
  staircase_options.min_level = std::log10(observer.minLevel());
  staircase_options.max_level = std::log10(observer.maxLevel());
  staircase_options.start = staircase_options.max_level;
  staircase_options.max_trials = options.steps;
  staircase_options.reversals = options.steps;  // stop on the trial count only
  psychophysics::UpDownStaircase staircase(staircase_options);
  observer.respond(observer.maxLevel());  // warm-up: the first renderer and forward pass
  const auto start = std::chrono::steady_clock::now();
  while (!staircase.done()) staircase.respond(observer.respond(std::pow(10.0, staircase.level())));
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return {{"experiment", spec.name},
          {"model", options.model},
          {"input", predictor->input().describe()},
          {"trials", staircase.trials().size()},
          {"seconds", seconds},
          {"trials_per_s", static_cast<double>(staircase.trials().size()) / seconds}};
}

void addStaircaseBench(CLI::App& bench, CliContext& context) {
  auto* command = bench.add_subcommand(
      "staircase",
      "Trials per second of a staircase on a model (default: the quick eccentricity model)");
  auto options = std::make_shared<ModelBenchOptions>();
  options->steps = 300;
  options->model = "ecc";
  options->experiment.experiment = "crowding-quick";
  options->experiment.addTo(*command);
  command->add_option("--model", options->model, "Model of the experiment")->capture_default_str();
  command->add_option("--trials", options->steps, "Trials to time")
      ->check(CLI::Range(1, 100000))
      ->capture_default_str();
  command->callback([&context, options] { context.print(benchStaircase(*options, context)); });
}

void addModelBenchCommands(CLI::App& bench, CliContext& context) {
  addOne(bench, context, "train", false);
  addOne(bench, context, "eval", true);
  addFeaturesBench(bench, context);
  addStaircaseBench(bench, context);
}

}  // namespace fovea::cli
