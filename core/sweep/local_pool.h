#pragma once
// The local backend: a pool of worker processes on this machine, no more than its cores allow
// at the threads each job takes, supervised until the sweep is settled or nothing more can start.
#include <atomic>
#include <cstddef>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "core/sweep/job_table.h"

namespace fovea::sweep {

struct LocalPoolOptions {
  std::vector<std::string> worker_command;  // argv of one worker process (`fovea-cli sweep work`)
  int workers = 1;
  int max_attempts = 3;
  const std::atomic<bool>* stop = nullptr;  // set: the workers are asked to stop (SIGTERM)
  std::function<void(const std::vector<StageCounts>&)> on_progress;  // about every poll
  double poll_seconds = 0.25;
};

struct LocalPoolSummary {
  std::size_t started = 0;           // worker processes
  std::size_t ended_abnormally = 0;  // killed or crashed; their jobs were put back
  bool stopped = false;
};

// The cores a pool may use at `threads_per_job` threads each: at least one worker.
int localWorkers(int threads_per_job, int cores = 0);

LocalPoolSummary runLocalPool(const std::filesystem::path& experiment_dir,
                              const LocalPoolOptions& options);

}  // namespace fovea::sweep
