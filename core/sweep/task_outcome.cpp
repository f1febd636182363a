#include "core/sweep/task_outcome.h"

#include <spdlog/spdlog.h>
#include <nlohmann/json.hpp>

#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>

#include "core/experiment/experiment_layout.h"
#include "core/experiment/results_store.h"
#include "core/sweep/sweep_files.h"
#include "core/sweep/sweep_spec_file.h"
#include "core/util/atomic_file.h"
#include "core/util/errors.h"

namespace fovea::sweep {
namespace {

constexpr std::uintmax_t kMaxOutcomeBytes = 1u << 20;

void removeShard(const std::filesystem::path& shard) {
  std::error_code ignored;
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
    std::filesystem::remove(shard.string() + suffix, ignored);
  }
}

void writeTaskOutcome(const std::filesystem::path& path, const TaskOutcome& task) {
  const nlohmann::json j = {{"ok", task.outcome.ok},
                            {"stopped", task.outcome.stopped},
                            {"reason", task.outcome.reason},
                            {"selected", task.outcome.selected},
                            {"seconds", task.seconds}};
  writeFileAtomically(path, j.dump(2) + "\n");
}

}  // namespace

std::string taskTag() {
  const char* array = std::getenv("SLURM_ARRAY_JOB_ID");
  const char* index = std::getenv("SLURM_ARRAY_TASK_ID");
  if (array && index) return std::string(array) + "_" + index;
  return "manual-" + std::to_string(::getpid());
}

int runTask(const JobContext& context, const std::string& job_id, const std::string& tag) {
  const SweepFiles files(context.dir);
  const auto spec = loadSweepSpec(context.dir);
  // A task finds its job by planning again from the sweep's spec; the idle jobs of the sweep
  // bench are not in any experiment's plan and take no time.
  auto plan = planSweep(spec);
  if (job_id.rfind("idle/", 0) == 0) plan = idlePlan(1, 0), plan.jobs[0].id = job_id;
  const auto job = std::find_if(plan.jobs.begin(), plan.jobs.end(),
                                [&](const SweepJob& j) { return j.id == job_id; });
  if (job == plan.jobs.end()) {
    throw InputError(files.spec().string() + ": the sweep has no job '" + job_id + "'");
  }
  JobContext task = context;
  task.store = files.shard(job->id, tag);
  std::filesystem::create_directories(files.shards());
  removeShard(task.store);  // a task run again under the same name starts clean
  const auto started = std::chrono::steady_clock::now();
  TaskOutcome out;
  out.outcome = runJob(spec, *job, task);
  out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  writeTaskOutcome(files.outcome(job->id, tag), out);
  return out.outcome.ok ? 0 : 1;
}

std::optional<TaskOutcome> readTaskOutcome(const std::filesystem::path& path) {
  std::error_code error;
  const auto size = std::filesystem::file_size(path, error);
  if (error) return std::nullopt;
  if (size > kMaxOutcomeBytes) throw InputError(path.string() + ": too large for a task outcome");
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  try {
    const auto j = nlohmann::json::parse(text.str());
    TaskOutcome task;
    task.outcome.ok = j.at("ok").get<bool>();
    task.outcome.stopped = j.at("stopped").get<bool>();
    task.outcome.reason = j.at("reason").get<std::string>();
    task.outcome.selected = j.at("selected").get<std::vector<std::string>>();
    task.seconds = j.at("seconds").get<double>();
    return task;
  } catch (const nlohmann::json::exception& e) {
    throw InputError(path.string() + ": damaged task outcome: " + e.what());
  }
}

CollectSummary collectTasks(const std::filesystem::path& experiment_dir, JobTable& table,
                            int max_attempts) {
  const SweepFiles files(experiment_dir);
  CollectSummary summary;
  std::unique_ptr<experiment::ResultsStore> store;
  std::set<std::string> current;  // file stems of the submissions still open
  for (const auto& record : table.jobs()) {
    if (record.state != JobState::Submitted || record.worker.rfind(kSlurmWorker, 0) != 0) continue;
    const std::string tag = record.worker.substr(std::string(kSlurmWorker).size());
    const auto outcome_path = files.outcome(record.job.id, tag);
    const auto shard = files.shard(record.job.id, tag);
    std::optional<TaskOutcome> task;
    try {
      task = readTaskOutcome(outcome_path);
    } catch (const InputError& error) {
      task = TaskOutcome{{false, false, error.what(), {}}, 0};
    }
    if (!task) {
      current.insert(outcome_path.stem().string());
      continue;
    }
    if (task->outcome.stopped) {
      // Stopped (scancel, the time limit): it goes on from its checkpoint next time, unpunished.
      table.release(record.job.id, record.worker, task->outcome.reason);
    } else if (task->outcome.ok) {
      std::string merge_error;
      try {
        if (std::filesystem::exists(shard)) {
          if (!store) {
            store = std::make_unique<experiment::ResultsStore>(
                experiment::ExperimentFiles(experiment_dir).results());
          }
          summary.rows += store->merge(shard);
        }
      } catch (const std::exception& error) {
        merge_error = error.what();
      }
      if (merge_error.empty()) {
        if (record.job.kind == JobKind::Select) table.applySelection(task->outcome.selected);
        table.finish(record.job.id, record.worker, true, task->outcome.reason, task->seconds,
                     max_attempts);
        ++summary.done;
      } else {
        table.finish(record.job.id, record.worker, false,
                     "cannot merge its results: " + merge_error, task->seconds, max_attempts);
        ++summary.failed;
      }
    } else {
      table.finish(record.job.id, record.worker, false, task->outcome.reason, task->seconds,
                   max_attempts);
      ++summary.failed;
    }
    removeShard(shard);
    std::error_code ignored;
    std::filesystem::remove(outcome_path, ignored);
  }
  // Files of earlier attempts (a task that outlived its array's verdict) have no job to serve.
  for (const auto& folder : {files.outcomes(), files.shards()}) {
    std::error_code error;
    for (const auto& entry : std::filesystem::directory_iterator(folder, error)) {
      auto stem = entry.path().filename().string();
      stem = stem.substr(0, stem.find('.', stem.find('@')));
      if (!current.count(stem)) {
        std::error_code ignored;
        std::filesystem::remove(entry.path(), ignored);
      }
    }
  }
  return summary;
}

}  // namespace fovea::sweep
