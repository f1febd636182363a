#include "core/eval/throughput.h"

#include <chrono>

#include "core/eval/predictor.h"
#include "core/models/model_family.h"
#include "core/train/batch_source.h"
#include "core/train/trainer.h"

namespace fovea::eval {
namespace {

double forwardGflop(const experiment::ModelEntry& model) {
  return models::ModelRegistry::instance().find(model.kind).forwardFlops(model.net) / 1e9;
}

}  // namespace

Throughput measureTraining(const experiment::ExperimentSpec& spec, std::size_t model_index,
                           int steps, int warmup, const std::filesystem::path& scratch,
                           int data_threads) {
  experiment::ExperimentSpec timed = spec;
  auto& train = timed.models.at(model_index).train;
  train.steps = warmup + steps;
  train.log_every = 1;
  train.checkpoint_every = train.steps;  // only at the end, outside the clock
  const auto& rates = timed.models[model_index].learning_rates;
  experiment::RunPlan run{"bench", model_index,
                          rates.empty() ? train.learning_rates.front() : rates.front(),
                          std::nullopt};
  std::filesystem::remove_all(scratch);
  train::TrainOptions options;
  options.run_dir = scratch;
  options.data_threads = data_threads;
  double timed_seconds = 0;
  std::int64_t timed_images = 0;
  options.on_progress = [&](const train::TrainProgress& p) {
    if (p.step <= warmup || p.images_per_s <= 0) return;
    timed_seconds += double(train.batch) / p.images_per_s;
    timed_images += train.batch;
  };
  train::trainRun(timed, run, options);
  Throughput out;
  out.seconds = timed_seconds;
  out.images = timed_images;
  out.images_per_s = timed_seconds > 0 ? timed_images / timed_seconds : 0;
  out.forward_gflop_per_image = forwardGflop(spec.models[model_index]);
  out.achieved_gflops = 3 * out.forward_gflop_per_image * out.images_per_s;
  return out;
}

Throughput measureEvaluation(const experiment::ExperimentSpec& spec, std::size_t model_index,
                             const std::filesystem::path& checkpoint, int batches,
                             int data_threads) {
  const Predictor predictor(checkpoint);
  const auto source = train::makeBatchSource(spec, spec.models[model_index], spec.seed + 1);
  auto score = [&](std::int64_t step) {
    const auto batch = source->batch(step, data_threads);
    return predictor.answers(batch.inputs, batch.size).size();
  };
  score(0);  // warm-up: first-touch allocations, thread pools
  const auto start = std::chrono::steady_clock::now();
  Throughput out;
  for (int b = 1; b <= batches; ++b) out.images += static_cast<std::int64_t>(score(b));
  out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  out.images_per_s = out.images / out.seconds;
  out.forward_gflop_per_image = forwardGflop(spec.models[model_index]);
  out.achieved_gflops = out.forward_gflop_per_image * out.images_per_s;
  return out;
}

}  // namespace fovea::eval
