#pragma once
// A job run away from the job table (a SLURM task): it writes its results to a shard of its own
// and its outcome to a file, and `collect` brings both in. Nothing a task writes is seen half
// done: the outcome is written atomically after the shard is complete.
#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>

#include "core/sweep/job_runner.h"
#include "core/sweep/job_table.h"

namespace fovea::sweep {

struct TaskOutcome {
  JobOutcome outcome;
  double seconds = 0;
};

// How SLURM task workers are named in the job table: "slurm:<array>_<index>".
constexpr const char* kSlurmWorker = "slurm:";

// This task's name: "<array>_<index>" from SLURM's environment ("manual-<pid>" outside SLURM).
std::string taskTag();

// Runs the sweep's job `job_id` with its results in its shard, then writes its outcome, both
// named by the job and `tag`; returns the process exit code (0: done).
int runTask(const JobContext& context, const std::string& job_id, const std::string& tag);

std::optional<TaskOutcome> readTaskOutcome(const std::filesystem::path& path);

struct CollectSummary {
  std::size_t done = 0;    // jobs whose shard was merged
  std::size_t failed = 0;  // jobs whose task reported a failure
  std::size_t rows = 0;    // result rows merged
};

// Merges the shard of every submitted job whose task has written its outcome into the
// experiment's results and ends the job in the table (a stopped task's job goes back to pending
// unpunished; a shard that cannot be merged fails its job). Files of earlier attempts go.
// Idempotent: a shard merged twice changes nothing, a job already ended is left as it is.
CollectSummary collectTasks(const std::filesystem::path& experiment_dir, JobTable& table,
                            int max_attempts);

}  // namespace fovea::sweep
