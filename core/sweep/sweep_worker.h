#pragma once
// A local worker: claims the sweep's jobs one at a time and runs them until none is left that
// it may start. Several run side by side (in processes of their own), kept apart by the job
// table; one killed at any moment leaves its job to be claimed again.
#include <cstddef>
#include <functional>

#include "core/sweep/job_runner.h"
#include "core/sweep/job_table.h"

namespace fovea::sweep {

struct WorkerSummary {
  std::size_t done = 0;
  std::size_t failed = 0;
  bool stopped = false;
};

// The experiment comes from the sweep's copy (sweep_spec_file.h). `on_job` hears each job's
// outcome.
WorkerSummary runWorker(const JobContext& context,
                        const std::function<void(const SweepJob&, const JobOutcome&)>& on_job = {});

// Puts back the running jobs of local workers that are gone (see WorkerLock).
std::size_t recoverLocalJobs(JobTable& table, const std::filesystem::path& experiment_dir,
                             int max_attempts);

}  // namespace fovea::sweep
