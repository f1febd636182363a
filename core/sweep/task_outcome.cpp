#include "core/sweep/task_outcome.h"

#include <spdlog/spdlog.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <fstream>
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

void writeTaskOutcome(const std::filesystem::path& path, const TaskOutcome& task) {
  const nlohmann::json j = {{"ok", task.outcome.ok},
                            {"stopped", task.outcome.stopped},
                            {"reason", task.outcome.reason},
                            {"selected", task.outcome.selected},
                            {"seconds", task.seconds}};
  writeFileAtomically(path, j.dump(2) + "\n");
}

}  // namespace

int runTask(const JobContext& context, const std::string& job_id) {
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
  task.store = files.shard(job->id);
  std::filesystem::create_directories(files.shards());
  std::filesystem::remove(task.store);  // an earlier attempt's shard is not this one's
  std::filesystem::remove(task.store.string() + "-wal");
  std::filesystem::remove(task.store.string() + "-shm");
  const auto started = std::chrono::steady_clock::now();
  TaskOutcome out;
  out.outcome = runJob(spec, *job, task);
  out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  writeTaskOutcome(files.outcome(job->id), out);
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
  for (const auto& record : table.jobs()) {
    const auto outcome_path = files.outcome(record.job.id);
    const auto task = readTaskOutcome(outcome_path);
    if (!task) continue;
    const bool open = record.state == JobState::Submitted || record.state == JobState::Running ||
                      record.state == JobState::Pending || record.state == JobState::Failed;
    if (task->outcome.ok && open) {
      const auto shard = files.shard(record.job.id);
      if (std::filesystem::exists(shard)) {
        if (!store) {
          store = std::make_unique<experiment::ResultsStore>(
              experiment::ExperimentFiles(experiment_dir).results());
        }
        summary.rows += store->merge(shard);
      }
      if (record.job.kind == JobKind::Select) table.applySelection(task->outcome.selected);
      table.finish(record.job.id, true, task->outcome.reason, task->seconds, max_attempts);
      ++summary.done;
    } else if (open && record.state != JobState::Failed) {
      table.finish(record.job.id, false, task->outcome.reason, task->seconds, max_attempts);
      ++summary.failed;
    }
    // Ended in the table now: the files have served.
    std::error_code ignored;
    for (const auto& path :
         {files.shard(record.job.id),
          std::filesystem::path(files.shard(record.job.id).string() + "-wal"),
          std::filesystem::path(files.shard(record.job.id).string() + "-shm"), outcome_path}) {
      std::filesystem::remove(path, ignored);
    }
  }
  return summary;
}

}  // namespace fovea::sweep
