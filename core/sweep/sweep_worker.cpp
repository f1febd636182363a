#include "core/sweep/sweep_worker.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <thread>

#include "core/sweep/sweep_files.h"
#include "core/sweep/sweep_spec_file.h"
#include "core/sweep/worker_lock.h"

namespace fovea::sweep {
namespace {

using Clock = std::chrono::steady_clock;
constexpr auto kPoll = std::chrono::milliseconds(100);

bool anyRunning(const JobTable& table) {
  for (const auto& c : table.counts()) {
    if (c.running > 0) return true;
  }
  return false;
}

}  // namespace

std::size_t recoverLocalJobs(JobTable& table, const std::filesystem::path& experiment_dir,
                             int max_attempts) {
  const auto workers = SweepFiles(experiment_dir).workers();
  return table.recover(
      [&](const std::string& worker) {
        // SLURM tasks are not local workers; their arrays are followed by the SLURM driver.
        return worker.rfind("slurm:", 0) == 0 || workerAlive(workers, worker);
      },
      max_attempts);
}

WorkerSummary runWorker(const JobContext& context,
                        const std::function<void(const SweepJob&, const JobOutcome&)>& on_job) {
  const SweepFiles files(context.dir);
  const auto spec = loadSweepSpec(context.dir);
  const int max_attempts = spec.sweep.max_attempts;
  WorkerLock lock(files.workers());
  JobTable table(files.jobs());
  WorkerSummary summary;
  auto idle = kPoll;
  while (!(context.stop && context.stop->load())) {
    recoverLocalJobs(table, context.dir, max_attempts);
    const auto job = table.claim(lock.id());
    if (!job) {
      if (!anyRunning(table)) break;  // nothing to start now, and no one will unblock anything
      // Waiting on others' long jobs: look less often, up to once a second.
      std::this_thread::sleep_for(idle);
      idle = std::min(idle * 2, std::chrono::milliseconds(1000));
      continue;
    }
    idle = kPoll;
    const auto started = Clock::now();
    const auto outcome = runJob(spec, *job, context);
    const double seconds = std::chrono::duration<double>(Clock::now() - started).count();
    if (on_job) on_job(*job, outcome);
    if (outcome.stopped) {
      table.release(job->id, lock.id(), outcome.reason);
      summary.stopped = true;
      break;
    }
    if (job->kind == JobKind::Select && outcome.ok) table.applySelection(outcome.selected);
    table.finish(job->id, lock.id(), outcome.ok, outcome.reason, seconds, max_attempts);
    ++(outcome.ok ? summary.done : summary.failed);
  }
  summary.stopped = summary.stopped || (context.stop && context.stop->load());
  return summary;
}

}  // namespace fovea::sweep
