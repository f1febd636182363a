// LibTorch micro-benchmarks of the crowding study's networks at paper scale (batch 128,
// 11 crops of 60 px): where training time goes before the trainer exists.
#include <benchmark/benchmark.h>

#include "core/engine/runtime.h"
#include "core/models/eccentricity_net.h"

namespace {

using fovea::models::EccentricityNet;
using fovea::models::ModelSpec;

ModelSpec specFor(int64_t variant) {
  ModelSpec spec;
  if (variant == 1) spec.scheme = "11-11-11-11-1";
  if (variant == 2) spec.scheme = "11-7-5-3-1";
  return spec;
}

void BM_PaperModelTrainStep(benchmark::State& state) {
  fovea::engine::configureThreads(0);
  torch::manual_seed(0);
  const ModelSpec spec = specFor(state.range(0));
  EccentricityNet net(spec);
  // The original's Adagrad: TF starts the accumulator at 0.1.
  torch::optim::Adagrad optimizer(
      net->parameters(),
      torch::optim::AdagradOptions(0.01).initial_accumulator_value(0.1).eps(1e-10));
  const auto input = torch::rand({128, 11, 60, 60}) - 0.5;
  const auto labels = torch::randint(0, 5, {128}, torch::kInt64);
  // One untimed step: oneDNN generates its kernels and the allocator warms up on the first call.
  torch::cross_entropy_loss(net->forward(input), labels).backward();
  for (auto _ : state) {
    optimizer.zero_grad();
    auto loss = torch::cross_entropy_loss(net->forward(input), labels);
    loss.backward();
    optimizer.step();
  }
  state.SetItemsProcessed(state.iterations() * 128);
  state.SetLabel(spec.scheme);
}
BENCHMARK(BM_PaperModelTrainStep)->Arg(0)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_PaperModelForward(benchmark::State& state) {
  fovea::engine::configureThreads(0);
  EccentricityNet net{ModelSpec{}};
  net->eval();
  torch::NoGradGuard no_grad;
  const auto input = torch::rand({128, 11, 60, 60}) - 0.5;
  net->forward(input);  // untimed warm-up, as above
  for (auto _ : state) benchmark::DoNotOptimize(net->forward(input));
  state.SetItemsProcessed(state.iterations() * 128);
}
BENCHMARK(BM_PaperModelForward)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
