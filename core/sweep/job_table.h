#pragma once
// The sweep's jobs and their states (<experiment>/sweep/jobs.sqlite). Every change is one
// transaction, so workers in several processes claim jobs without ever running one twice, and a
// worker killed at any moment leaves its job "running" under a dead worker, which the next
// claim or status puts back.
#include <cstddef>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/sweep/sweep_plan.h"

namespace fovea {
class SqliteDb;
}

namespace fovea::sweep {

enum class JobState { Pending, Running, Submitted, Done, Failed, Skipped };
std::string toString(JobState state);

struct JobRecord {
  SweepJob job;
  JobState state = JobState::Pending;
  int attempts = 0;
  std::string reason;  // why it failed, was skipped or retried; what a done job reported
  std::string worker;  // the local worker or SLURM task that holds or last held it
  double seconds = 0;  // of its last attempt
};

struct StageCounts {
  std::string stage;
  std::size_t pending = 0, running = 0, submitted = 0, done = 0, failed = 0, skipped = 0;
  std::size_t total() const { return pending + running + submitted + done + failed + skipped; }
};

struct SyncResult {
  std::size_t added = 0;    // new jobs
  std::size_t changed = 0;  // jobs whose fingerprint changed: pending again
  std::size_t removed = 0;  // jobs no longer in the plan
  std::size_t retried = 0;  // failed jobs given new attempts
};

class JobTable {
 public:
  explicit JobTable(const std::filesystem::path& path);
  ~JobTable();
  JobTable(const JobTable&) = delete;
  JobTable& operator=(const JobTable&) = delete;

  // Makes the table hold the plan's jobs; with retry_failed, failed jobs start over. A running or
  // submitted job is left as it is (changed or dropped once it has ended).
  SyncResult sync(const SweepPlan& plan, bool retry_failed);

  // The next job to run, now Running under `worker`: a pending job of the earliest stage that is
  // not complete. A later stage waits until every job before it is done or skipped, so nothing
  // is claimed while the earliest stage has only running, submitted or failed jobs left.
  std::optional<SweepJob> claim(const std::string& worker);
  // Marks pending jobs Submitted to a SLURM array (task i runs ids[i]).
  void submit(const std::vector<std::string>& ids, const std::string& worker_prefix);
  // Ends `worker`'s attempt at a job: Done, or Failed (put back to Pending while it has attempts
  // left). False, and nothing changes, when the job is no longer that worker's.
  bool finish(const std::string& id, const std::string& worker, bool ok, const std::string& reason,
              double seconds, int max_attempts);
  // Puts `worker`'s job back to Pending without counting the attempt (a stopped worker).
  bool release(const std::string& id, const std::string& worker, const std::string& reason);
  // Score jobs of runs outside `selected` become Skipped; those of selected runs that were
  // skipped become Pending.
  void applySelection(const std::vector<std::string>& selected);
  // Running jobs whose worker `alive` says is gone go back to Pending (or Failed when out of
  // attempts); returns how many.
  std::size_t recover(const std::function<bool(const std::string& worker)>& alive,
                      int max_attempts);

  std::vector<JobRecord> jobs() const;
  std::optional<JobRecord> find(const std::string& id) const;
  std::vector<StageCounts> counts() const;  // per stage, in stage order
  // Nothing pending, running or submitted.
  bool settled() const;
  // The jobs a new claim could start now (pending jobs of the earliest incomplete stage, when
  // nothing there blocks it).
  std::vector<std::string> claimable() const;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
  std::unique_ptr<SqliteDb> db_;
};

}  // namespace fovea::sweep
