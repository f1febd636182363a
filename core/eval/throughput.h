#pragma once
#include <filesystem>

#include "core/experiment/experiment_spec.h"

namespace fovea::eval {

// Images per second of a model with its whole data pipeline (fresh stimuli every batch), and
// the arithmetic rate that implies.
struct Throughput {
  double images_per_s = 0;
  double seconds = 0;  // timed part only
  std::int64_t images = 0;
  double forward_gflop_per_image = 0;
  double achieved_gflops = 0;  // counting a training step as 3 forward passes
};

// Trains `model` for warmup + steps steps in `scratch` (a run directory), timing the last
// `steps`. Leaves its checkpoint there for measureEvaluation.
Throughput measureTraining(const experiment::ExperimentSpec& spec, std::size_t model_index,
                           int steps, int warmup, const std::filesystem::path& scratch,
                           int data_threads);

// Scores `batches` batches of fresh crowding stimuli with the checkpoint (after one warm-up).
Throughput measureEvaluation(const experiment::ExperimentSpec& spec, std::size_t model_index,
                             const std::filesystem::path& checkpoint, int batches,
                             int data_threads);

}  // namespace fovea::eval
