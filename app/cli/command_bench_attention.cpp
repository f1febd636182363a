// fovea-cli bench attention: training images per second of the spatial transformers of the
// attention study (attention-paper's stn28 and stn128, batch 100, fresh noisy digits every batch).
#include <unistd.h>

#include <filesystem>

#include "cli_context.h"
#include "core/engine/runtime.h"
#include "core/eval/throughput.h"
#include "core/experiment/experiment_spec.h"
#include "core/util/errors.h"

namespace fovea::cli {
namespace {

struct AttentionBenchOptions {
  int steps = 3;
};

std::size_t modelIndex(const experiment::ExperimentSpec& spec, const std::string& name) {
  for (std::size_t m = 0; m < spec.models.size(); ++m) {
    if (spec.models[m].name == name) return m;
  }
  throw InputError(spec.name + " has no model '" + name + "'");
}

nlohmann::json benchAttention(const AttentionBenchOptions& options, const CliContext& context) {
  auto spec = experiment::loadExperimentSpec(experiment::resolveExperimentPath("attention-paper"));
  const auto scratch = std::filesystem::temp_directory_path() /
                       ("fovea-bench-attention-" + std::to_string(::getpid()));
  nlohmann::json out = {{"batch", 100},
                        {"steps", options.steps},
                        {"threads", engine::runtimeInfo().intra_op_threads}};
  for (const char* model : {"stn28", "stn128"}) {
    const std::size_t m = modelIndex(spec, model);
    spec.models[m].train.batch = 100;
    const auto measured =
        eval::measureTraining(spec, m, options.steps, 1, scratch, context.threads);
    out[std::string(model) + "_train_images_per_s"] = measured.images_per_s;
  }
  std::filesystem::remove_all(scratch);
  return out;
}

}  // namespace

void addAttentionBenchCommand(CLI::App& bench, CliContext& context) {
  auto options = std::make_shared<AttentionBenchOptions>();
  auto* command = bench.add_subcommand(
      "attention",
      "Training images/s of the spatial transformers STN 28 and STN 128 (batch 100, fresh "
      "noisy digits)");
  command->add_option("--steps", options->steps, "Steps to time per model")
      ->check(CLI::Range(1, 100000))
      ->capture_default_str();
  command->callback([&context, options] { context.print(benchAttention(*options, context)); });
}

}  // namespace fovea::cli
