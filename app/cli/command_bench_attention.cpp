// fovea-cli bench attention: training images per second of the spatial transformers of the
// attention study (attention-paper's stn28 and stn128, batch 100, fresh noisy digits every batch)
// and samples per second of the What/Where model's Where pathway, sparse retina against dense.
#include <unistd.h>

#include <filesystem>

#include "cli_context.h"
#include "core/engine/runtime.h"
#include "core/eval/throughput.h"
#include "core/eval/where_throughput.h"
#include "core/experiment/experiment_spec.h"
#include "core/util/errors.h"

namespace fovea::cli {
namespace {

struct AttentionBenchOptions {
  int steps = 3;
  int where_batches = 5;
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
  const auto where = eval::measureWherePathway(100, options.where_batches);
  out["where_samples_per_s"] = where.samples_per_s;
  out["where_dense_samples_per_s"] = where.dense_samples_per_s;
  out["where_speedup"] = where.samples_per_s / where.dense_samples_per_s;
  out["retina_code_samples_per_s"] = where.code_samples_per_s;
  out["retina_dense_code_samples_per_s"] = where.dense_code_samples_per_s;
  out["retina_code_speedup"] = where.code_samples_per_s / where.dense_code_samples_per_s;
  out["retina_sparse_weights"] = where.sparse_weights;
  out["retina_dense_weights"] = where.dense_weights;
  return out;
}

}  // namespace

void addAttentionBenchCommand(CLI::App& bench, CliContext& context) {
  auto options = std::make_shared<AttentionBenchOptions>();
  auto* command = bench.add_subcommand(
      "attention",
      "Training images/s of the spatial transformers STN 28 and STN 128 (batch 100, fresh "
      "noisy digits), and samples/s of the Where pathway, sparse against dense");
  command->add_option("--steps", options->steps, "Steps to time per model")
      ->check(CLI::Range(1, 100000))
      ->capture_default_str();
  command
      ->add_option("--where-batches", options->where_batches,
                   "Batches of 100 to time through each Where pathway")
      ->check(CLI::Range(1, 10000))
      ->capture_default_str();
  command->callback([&context, options] { context.print(benchAttention(*options, context)); });
}

}  // namespace fovea::cli
