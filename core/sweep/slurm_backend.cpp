#include "core/sweep/slurm_backend.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <thread>

#include "core/sweep/sweep_files.h"
#include "core/sweep/sweep_spec_file.h"
#include "core/sweep/sweep_worker.h"
#include "core/sweep/task_outcome.h"
#include "core/sweep/worker_lock.h"
#include "core/util/atomic_file.h"
#include "core/util/errors.h"
#include "core/util/subprocess.h"

namespace fovea::sweep {
namespace {

using Clock = std::chrono::steady_clock;

// A task's outcome may reach a shared file system's other clients a little after its array
// leaves the queue; only then is a task without one taken for dead.
constexpr auto kOutcomeGrace = std::chrono::seconds(30);
// squeue failing this many polls in a row (the controller down) ends the driver.
constexpr int kMaxQueueFailures = 60;
// Clusters refuse arrays beyond MaxArraySize (1001 by default): larger stages go as several.
constexpr std::size_t kMaxArrayTasks = 1000;

// "slurm:1234_5" -> "1234".
std::string arrayOf(const std::string& worker) {
  if (worker.rfind(kSlurmWorker, 0) != 0) return {};
  const auto tail = worker.substr(std::string(kSlurmWorker).size());
  return tail.substr(0, tail.find('_'));
}

// The arrays among `ids` that squeue still lists (queued or running); nullopt when squeue
// could not say.
std::optional<std::set<std::string>> queuedArrays(const std::set<std::string>& ids) {
  std::set<std::string> queued;
  if (ids.empty()) return queued;
  std::string list;
  for (const auto& id : ids) list += (list.empty() ? "" : ",") + id;
  const auto result = runCommand({"timeout", "30", "squeue", "-h", "-o", "%F", "-j", list});
  if (result.exit_code != 0) {
    // squeue refuses ids it has forgotten ("Invalid job id"): those arrays are over.
    if (result.err.find("Invalid job id") != std::string::npos) return queued;
    spdlog::warn("squeue failed ({}): {}", result.exit_code, result.err);
    return std::nullopt;
  }
  std::istringstream lines(result.out);
  for (std::string line; std::getline(lines, line);) {
    if (ids.count(line)) queued.insert(line);
  }
  return queued;
}

// Jobs of arrays that have been over for the grace time but left no outcome: their task died
// (killed, out of memory, node lost) before writing one.
void failVanished(JobTable& table, const std::filesystem::path& log_dir,
                  const std::set<std::string>& queued,
                  std::map<std::string, Clock::time_point>& gone_since, int max_attempts) {
  for (const auto& r : table.jobs()) {
    if (r.state != JobState::Submitted) continue;
    const auto array = arrayOf(r.worker);
    if (queued.count(array)) continue;
    const auto first_seen = gone_since.emplace(array, Clock::now()).first->second;
    if (Clock::now() - first_seen < kOutcomeGrace) continue;
    const auto task = r.worker.substr(std::string(kSlurmWorker).size());
    table.finish(r.job.id, r.worker, false,
                 "SLURM task " + task + " ended without an outcome (see " +
                     (log_dir / (task + ".out")).string() + ")",
                 0, max_attempts);
  }
}

std::string submit(const SlurmOptions& options, const std::filesystem::path& experiment_dir,
                   JobTable& table, const std::vector<std::string>& ids, const std::string& stage) {
  const SweepFiles files(experiment_dir);
  std::filesystem::create_directories(files.slurm());
  std::string listed;
  for (const auto& id : ids) listed += id + "\n";
  // A new list per submission: an array still running reads its own.
  std::filesystem::path list;
  for (int n = 1;; ++n) {
    list = files.slurm() / (stage + "-" + std::to_string(n) + ".jobs");
    if (!std::filesystem::exists(list)) break;
  }
  writeFileAtomically(list, listed);
  auto command = sbatchCommand(options, list, ids.size(), files.slurm());
  command.insert(command.begin(), {"timeout", "120"});
  const auto result = runCommand(command);
  if (result.exit_code != 0) {
    throw InputError("sbatch failed (" + std::to_string(result.exit_code) + "): " + result.err);
  }
  const std::string array = result.out.substr(0, result.out.find_first_of(";\n"));
  if (array.empty() || array.find_first_not_of("0123456789") != std::string::npos) {
    throw InputError("sbatch printed no job id: '" + result.out + "'");
  }
  table.submit(ids, kSlurmWorker + array);
  spdlog::info("submitted {} {} job(s) as SLURM array {}", ids.size(), stage, array);
  return array;
}

void cancel(const std::set<std::string>& arrays) {
  for (const auto& array : arrays) runCommand({"timeout", "30", "scancel", array});
}

}  // namespace

std::vector<std::string> sbatchCommand(const SlurmOptions& options,
                                       const std::filesystem::path& list, std::size_t count,
                                       const std::filesystem::path& log_dir) {
  std::string wrap;
  for (const auto& a : options.task_command) wrap += shellQuote(a) + " ";
  wrap += "--list " + shellQuote(std::filesystem::absolute(list).string()) +
          " --index \"$SLURM_ARRAY_TASK_ID\"";
  std::vector<std::string> command = {
      "sbatch",
      "--parsable",
      "--array=0-" + std::to_string(count - 1),
      "--job-name=" + options.job_name,
      "--cpus-per-task=" + std::to_string(options.cpus_per_task),
      "--output=" + (std::filesystem::absolute(log_dir) / "%A_%a.out").string()};
  const auto& s = options.settings;
  if (!s.partition.empty()) command.push_back("--partition=" + s.partition);
  if (!s.time.empty()) command.push_back("--time=" + s.time);
  if (!s.mem.empty()) command.push_back("--mem=" + s.mem);
  if (s.gpus > 0) command.push_back("--gpus=" + std::to_string(s.gpus));
  for (const auto& extra : s.extra) command.push_back(extra);
  command.push_back("--wrap=" + wrap);
  return command;
}

SlurmSummary runSlurmSweep(const std::filesystem::path& experiment_dir,
                           const SlurmOptions& options) {
  const SweepFiles files(experiment_dir);
  const auto spec = loadSweepSpec(experiment_dir);
  JobTable table(files.jobs());
  WorkerLock driver(files.workers());
  // Jobs the driver itself ran when it was killed go back first.
  recoverLocalJobs(table, experiment_dir, options.max_attempts);
  SlurmSummary summary;
  std::map<std::string, Clock::time_point> gone_since;
  int queue_failures = 0;
  const auto poll = std::chrono::duration<double>(options.poll_seconds);
  for (;;) {
    std::set<std::string> arrays;
    for (const auto& r : table.jobs()) {
      if (r.state == JobState::Submitted) arrays.insert(arrayOf(r.worker));
    }
    if (options.stop && options.stop->load()) {
      cancel(arrays);
      summary.stopped = true;
      break;
    }
    // Outcomes first: a task may end between squeue and reading its outcome, never the reverse.
    collectTasks(experiment_dir, table, options.max_attempts);
    const auto listed = queuedArrays(arrays);
    queue_failures = listed ? 0 : queue_failures + 1;
    if (queue_failures >= kMaxQueueFailures) {
      throw InputError("squeue failed " + std::to_string(queue_failures) +
                       " times in a row; the arrays are left running (follow them with the "
                       "same command)");
    }
    const auto queued = listed ? *listed : arrays;  // squeue silent: as they were
    collectTasks(experiment_dir, table, options.max_attempts);
    failVanished(table, files.slurm(), queued, gone_since, options.max_attempts);
    if (options.on_progress) options.on_progress(table.counts());
    bool waiting = !queued.empty();
    for (const auto& r : table.jobs()) waiting = waiting || r.state == JobState::Submitted;
    if (waiting) {
      if (options.detach) {
        summary.detached = true;
        break;
      }
      std::this_thread::sleep_for(poll);
      continue;
    }
    const auto claimable = table.claimable();
    if (claimable.empty()) break;  // settled, or blocked by failed jobs
    const auto first = table.find(claimable.front());
    const JobKind kind = first->job.kind;
    if (kind == JobKind::Train || kind == JobKind::Score || kind == JobKind::Measure ||
        kind == JobKind::Idle) {
      for (std::size_t from = 0; from < claimable.size(); from += kMaxArrayTasks) {
        const std::vector<std::string> part(
            claimable.begin() + static_cast<std::ptrdiff_t>(from),
            claimable.begin() +
                static_cast<std::ptrdiff_t>(std::min(claimable.size(), from + kMaxArrayTasks)));
        summary.arrays.push_back(submit(options, experiment_dir, table, part, toString(kind)));
      }
      continue;
    }
    // A single cheap job: here, now, as a local worker.
    const auto job = table.claim(driver.id());
    if (!job) continue;
    const auto started = std::chrono::steady_clock::now();
    const auto outcome = runJob(spec, *job, options.local);
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    if (outcome.stopped) {
      table.release(job->id, driver.id(), outcome.reason);
      summary.stopped = true;
      break;
    }
    if (job->kind == JobKind::Select && outcome.ok) table.applySelection(outcome.selected);
    table.finish(job->id, driver.id(), outcome.ok, outcome.reason, seconds, options.max_attempts);
  }
  return summary;
}

}  // namespace fovea::sweep
