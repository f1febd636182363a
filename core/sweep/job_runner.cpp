#include "core/sweep/job_runner.h"

#include <fcntl.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <cstdlib>

#include <chrono>
#include <sstream>
#include <thread>

#include "core/experiment/executor.h"
#include "core/experiment/experiment_layout.h"
#include "core/models/model_family.h"
#include "core/report/crowding_figures.h"
#include "core/sweep/sweep_files.h"
#include "core/train/run_record.h"

namespace fovea::sweep {
namespace {

experiment::ExecutorOptions executorOptions(const JobContext& context,
                                            const std::vector<std::string>& runs) {
  experiment::ExecutorOptions options;
  options.dir = context.dir;
  options.runs = runs;
  options.resume = true;
  options.device = context.device;
  options.threads = context.threads;
  options.stop = context.stop;
  options.shared_lock = true;
  options.store = context.store;
  return options;
}

JobOutcome prepare(const experiment::ExperimentSpec& spec) {
  // Building each network once fills the shared caches (filter banks) it reads, so that the
  // training jobs after this stage find them instead of building them side by side.
  for (const auto& model : spec.models) {
    models::ModelRegistry::instance().find(model.kind).build(model.net);
  }
  const auto n = spec.models.size();
  return {true, false, std::to_string(n) + (n == 1 ? " model built" : " models built"), {}};
}

JobOutcome train(const experiment::ExperimentSpec& spec, const SweepJob& job,
                 const JobContext& context) {
  experiment::ExperimentExecutor executor(spec, executorOptions(context, {job.run}));
  const auto result = executor.train(executor.runs().front());
  JobOutcome out;
  switch (result.status) {
    case train::TrainStatus::Stopped:
      out.stopped = true;
      out.reason = "stopped at step " + std::to_string(result.step);
      return out;
    case train::TrainStatus::Diverged:
      out.ok = true;  // a result: the selection leaves it out
      out.reason = "diverged: " + result.message;
      return out;
    default:
      // The record is stored now, so that the report lists runs the selection leaves unscored.
      executor.store().putRun(
          train::readRunRecord(spec, executor.runs().front(),
                               train::RunFiles(executor.runDir(executor.runs().front()))));
      out.ok = true;
      std::ostringstream text;
      text << "trained " << result.step << " steps, final loss " << result.final_loss;
      out.reason = text.str();
      return out;
  }
}

JobOutcome select(const experiment::ExperimentSpec& spec, const JobContext& context) {
  const experiment::ExperimentFiles files(context.dir);
  std::vector<experiment::RunRecord> records;
  std::vector<std::string> finished;
  for (const auto& run : experiment::plannedRuns(spec)) {
    const train::RunFiles run_files(files.run(run.name).dir);
    if (train::runStatus(run_files) != "finished") continue;
    records.push_back(train::readRunRecord(spec, run, run_files));
    finished.push_back(run.name);
  }
  JobOutcome out;
  out.ok = true;
  out.selected = spec.sweep.score == "all" ? finished : report::selectRuns(spec, records);
  for (const auto& run : out.selected) out.reason += (out.reason.empty() ? "" : ", ") + run;
  out.reason = "scores " + (out.reason.empty() ? std::string("no run") : out.reason);
  return out;
}

JobOutcome score(const experiment::ExperimentSpec& spec, const SweepJob& job,
                 const JobContext& context) {
  experiment::ExperimentExecutor executor(spec, executorOptions(context, {job.run}));
  const auto summary = executor.score(executor.runs().front(), job.first_cell, job.end_cell);
  JobOutcome out;
  out.ok = summary.complete();
  out.stopped = !out.ok && context.stop && context.stop->load();
  out.reason = std::to_string(summary.scored) + " cells scored, " + std::to_string(summary.kept) +
               " kept, " + std::to_string(summary.valid) + " valid";
  return out;
}

JobOutcome measure(const experiment::ExperimentSpec& spec, const SweepJob& job,
                   const JobContext& context) {
  experiment::ExperimentExecutor executor(spec, executorOptions(context, {job.run}));
  const auto summary = executor.measure(executor.runs().front());
  JobOutcome out;
  out.ok = summary.complete();
  out.stopped = !out.ok && context.stop && context.stop->load();
  out.reason = std::to_string(summary.measured) + " conditions measured, " +
               std::to_string(summary.kept) + " kept";
  for (const auto& line : summary.lines) out.reason += "; " + line;
  return out;
}

JobOutcome runKind(const experiment::ExperimentSpec& spec, const SweepJob& job,
                   const JobContext& context) {
  switch (job.kind) {
    case JobKind::Prepare: return prepare(spec);
    case JobKind::Train: return train(spec, job, context);
    case JobKind::Select: return select(spec, context);
    case JobKind::Score: return score(spec, job, context);
    case JobKind::Measure: return measure(spec, job, context);
    case JobKind::Report:
      if (!context.report) return {false, false, "no report driver in this process", {}};
      return {true, false, context.report(spec, context.dir), {}};
    case JobKind::Idle:
      std::this_thread::sleep_for(std::chrono::milliseconds(job.work_ms));
      return {true, false, "idle", {}};
  }
  return {false, false, "unknown job kind", {}};
}

// FOVEA_SWEEP_FAIL_ONCE=<job id>[,<job id>...]: those jobs fail their first attempt, once per
// sweep directory; how the tests make a task fail and watch it run again.
bool failOnPurpose(const SweepJob& job, const JobContext& context) {
  const char* ids = std::getenv("FOVEA_SWEEP_FAIL_ONCE");
  if (!ids) return false;
  const std::string list = std::string(",") + ids + ",";
  if (list.find("," + job.id + ",") == std::string::npos) return false;
  const auto marker = context.dir / "sweep" / "failed-once" / jobFileName(job.id);
  std::filesystem::create_directories(marker.parent_path());
  const int fd = ::open(marker.c_str(), O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0644);
  if (fd < 0) return false;  // it failed once already
  ::close(fd);
  return true;
}

}  // namespace

JobOutcome runJob(const experiment::ExperimentSpec& spec, const SweepJob& job,
                  const JobContext& context) {
  try {
    if (failOnPurpose(job, context)) {
      return {false, false, "failed on purpose, once (FOVEA_SWEEP_FAIL_ONCE)", {}};
    }
    return runKind(spec, job, context);
  } catch (const std::exception& error) {
    spdlog::error("{}: {}", job.id, error.what());
    return {false, false, error.what(), {}};
  }
}

}  // namespace fovea::sweep
