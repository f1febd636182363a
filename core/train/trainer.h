#pragma once
#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>

#include "core/experiment/experiment_layout.h"
#include "core/experiment/experiment_spec.h"
#include "core/train/train_progress.h"

namespace fovea::train {

struct TrainOptions {
  std::filesystem::path run_dir;
  bool resume = false;                                    // continue from run_dir/checkpoint.pt
  std::string device = "cpu";                             // cpu or cuda
  int data_threads = 0;                                   // stimulus generation (0: all cores)
  std::function<void(const TrainProgress&)> on_progress;  // every log_every steps
  const std::atomic<bool>* stop = nullptr;  // set (e.g. by SIGINT): checkpoint and return
};

enum class TrainStatus { Finished, Stopped, Diverged };
std::string toString(TrainStatus status);

struct TrainResult {
  TrainStatus status = TrainStatus::Finished;
  std::int64_t step = 0;
  double final_loss = 0;  // mean loss over the last tenth of the steps (the LR selection rule)
  double last_logged_loss = 0;
  double seconds = 0;       // this session
  double images_per_s = 0;  // this session
  std::filesystem::path checkpoint;
  std::string message;
};

using experiment::RunFiles;  // core/experiment/experiment_layout.h

// Trains one run of the experiment (any registered family, batches from the task's source). Metrics
// go to run_dir/metrics.csv and to on_progress; checkpoints (model, optimiser, data position) every
// checkpoint_every steps and at the end. A non-finite loss stops the run and keeps the last good
// checkpoint. Resuming a stopped run gives the same weights as a run that was never stopped;
// resuming under a resolved spec other than the one stored in the run directory is an InputError
// naming the first differing key.
TrainResult trainRun(const experiment::ExperimentSpec& spec, const experiment::RunPlan& run,
                     const TrainOptions& options);

}  // namespace fovea::train
