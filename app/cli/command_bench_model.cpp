// fovea-cli bench train | eval: images per second of a model with its data pipeline (fresh
// paper-scale stimuli every batch), and the GFLOP/s that implies beside the machine's
// matrix-multiply peak.
#include <unistd.h>

#include <filesystem>

#include "cli_context.h"
#include "core/engine/runtime.h"
#include "core/eval/throughput.h"
#include "core/util/errors.h"
#include "core/util/parallel.h"
#include "experiment_options.h"

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
  const auto scratch =
      std::filesystem::temp_directory_path() / ("fovea-bench-" + std::to_string(::getpid()));
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
  std::filesystem::remove_all(scratch);
  return out;
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

void addModelBenchCommands(CLI::App& bench, CliContext& context) {
  addOne(bench, context, "train", false);
  addOne(bench, context, "eval", true);
}

}  // namespace fovea::cli
