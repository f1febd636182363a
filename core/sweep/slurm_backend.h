#pragma once
// The SLURM backend: one job array per stage through sbatch, followed with squeue, its tasks'
// shards collected as they end; the next stage is submitted when the one before is done. The
// cheap single jobs (prepare, select, report) run in the driver itself.
#include <atomic>
#include <cstddef>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "core/experiment/sweep_settings.h"
#include "core/sweep/job_runner.h"
#include "core/sweep/job_table.h"

namespace fovea::sweep {

struct SlurmOptions {
  // argv of one array task up to its job: `fovea-cli --threads T sweep task DIR`; the task
  // appends `--list FILE --index $SLURM_ARRAY_TASK_ID`.
  std::vector<std::string> task_command;
  experiment::SlurmSettings settings;
  int cpus_per_task = 1;
  std::string job_name = "fovea";
  bool detach = false;  // return once submitted; the next call follows the arrays on
  double poll_seconds = 0.5;
  const std::atomic<bool>* stop = nullptr;  // set: the arrays are cancelled (scancel)
  std::function<void(const std::vector<StageCounts>&)> on_progress;
  JobContext local;  // for the jobs the driver runs itself
  int max_attempts = 3;
};

struct SlurmSummary {
  std::vector<std::string> arrays;  // SLURM job ids of the arrays submitted by this call
  bool detached = false;            // returned with arrays still queued or running
  bool stopped = false;
};

// The sbatch command line that submits `count` tasks listed in `list` (exposed for tests).
std::vector<std::string> sbatchCommand(const SlurmOptions& options,
                                       const std::filesystem::path& list, std::size_t count,
                                       const std::filesystem::path& log_dir);

SlurmSummary runSlurmSweep(const std::filesystem::path& experiment_dir,
                           const SlurmOptions& options);

}  // namespace fovea::sweep
