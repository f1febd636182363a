// fovea-cli sweep EXPERIMENT: the experiment expanded into jobs and run on all local cores or as
// SLURM job arrays, resumable; `sweep status` shows where it stands; `collect` merges the
// shards of SLURM tasks. `sweep work` and `sweep task` are what the backends start.
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <csignal>

#include "cli_context.h"
#include "core/experiment/experiment_layout.h"
#include "core/sweep/local_pool.h"
#include "core/sweep/slurm_backend.h"
#include "core/sweep/sweep_files.h"
#include "core/sweep/sweep_spec_file.h"
#include "core/sweep/sweep_worker.h"
#include "core/sweep/task_outcome.h"
#include "core/util/errors.h"
#include "core/util/file_lock.h"
#include "core/util/stop_signals.h"
#include "experiment_options.h"
#include "experiment_steps.h"
#include "sweep_status.h"

namespace fovea::cli {
namespace {

struct SweepOptions {
  std::string backend = "local";
  int workers = 0;          // 0: cores / threads per job
  int threads_per_job = 0;  // 0: the spec's [sweep] threads_per_job
  bool detach = false;
  std::string partition, time, mem;
  int gpus = -1;
  std::vector<std::string> sbatch_options;
  std::string device = "cpu";
};

std::filesystem::path selfExecutable() {
  std::error_code error;
  const auto path = std::filesystem::read_symlink("/proc/self/exe", error);
  if (error) throw InputError("cannot find this program's path: " + error.message());
  return path;
}

// The command line's sweep settings as spec overrides, so the sweep's saved copy holds them.
std::vector<std::string> sweepOverrides(const SweepOptions& o) {
  std::vector<std::string> set;
  auto quoted = [](const std::string& v) { return "\"" + v + "\""; };
  if (o.threads_per_job > 0)
    set.push_back("sweep.threads_per_job=" + std::to_string(o.threads_per_job));
  if (!o.partition.empty()) set.push_back("sweep.slurm.partition=" + quoted(o.partition));
  if (!o.time.empty()) set.push_back("sweep.slurm.time=" + quoted(o.time));
  if (!o.mem.empty()) set.push_back("sweep.slurm.mem=" + quoted(o.mem));
  if (o.gpus >= 0) set.push_back("sweep.slurm.gpus=" + std::to_string(o.gpus));
  if (!o.sbatch_options.empty()) {
    std::string list;
    for (const auto& option : o.sbatch_options) list += (list.empty() ? "" : ", ") + quoted(option);
    set.push_back("sweep.slurm.extra=[" + list + "]");
  }
  return set;
}

// Logs a line whenever the counts change.
std::function<void(const std::vector<sweep::StageCounts>&)> progressLogger() {
  auto last = std::make_shared<std::string>();
  return [last](const std::vector<sweep::StageCounts>& counts) {
    const auto line = countsLine(counts);
    if (line != *last) spdlog::info("sweep: {}", line);
    *last = line;
  };
}

sweep::JobContext jobContext(const std::filesystem::path& dir, const CliContext& context,
                             const std::atomic<bool>* stop, const std::string& device) {
  sweep::JobContext job;
  job.dir = dir;
  job.device = device;
  job.threads = context.threads;
  job.stop = stop;
  job.report = [&context](const experiment::ExperimentSpec& spec,
                          const std::filesystem::path& experiment_dir) {
    const auto out = reportExperiment(spec, experiment_dir, context, ReportOptions{});
    return "report: " + out.value("report", std::string()) + ", " +
           std::to_string(out.value("files", 0)) + " files";
  };
  return job;
}

nlohmann::json runSweep(const ExperimentOptions& experiment, const SweepOptions& o,
                        const CliContext& context) {
  if (!experiment.runs.empty()) {
    throw InputError(
        "--run: a sweep runs every run of the experiment (train one with fovea-cli "
        "train --run)");
  }
  ExperimentOptions with = experiment;
  for (const auto& set : sweepOverrides(o)) with.overrides.push_back(set);
  const auto spec = with.load();
  const auto dir = with.experimentDir(spec);
  std::filesystem::create_directories(sweep::SweepFiles(dir).dir);
  // One driver per sweep: a second would rewrite the spec under running tasks and submit the
  // same jobs twice.
  const FileLock driver(sweep::SweepFiles(dir).dir / "driver.lock",
                        "another fovea-cli sweep is running this sweep (follow it with sweep "
                        "status)");
  sweep::saveSweepSpec(dir, spec);
  sweep::JobTable table(sweep::SweepFiles(dir).jobs());
  const auto synced = table.sync(sweep::planSweep(spec), true);
  spdlog::info("sweep {}: {} jobs ({} new, {} changed, {} retried) in {}", spec.name,
               table.jobs().size(), synced.added, synced.changed, synced.retried, dir.string());

  StopOnSignals signals;
  const int threads = spec.sweep.threads_per_job;
  const std::vector<std::string> prefix = {selfExecutable().string(), "--threads",
                                           std::to_string(threads), "sweep"};
  const std::vector<std::string> device = {"--device", o.device};
  nlohmann::json out;
  if (o.backend == "local") {
    sweep::LocalPoolOptions pool;
    pool.worker_command = prefix;
    pool.worker_command.insert(pool.worker_command.end(), {"work", dir.string()});
    pool.worker_command.insert(pool.worker_command.end(), device.begin(), device.end());
    pool.workers = o.workers > 0 ? o.workers : sweep::localWorkers(threads);
    pool.max_attempts = spec.sweep.max_attempts;
    pool.stop = &signals.flag();
    pool.on_progress = progressLogger();
    const auto summary = sweep::runLocalPool(dir, pool);
    out = {{"backend", "local"},
           {"workers", pool.workers},
           {"worker_processes", summary.started},
           {"workers_ended_abnormally", summary.ended_abnormally}};
  } else {
    sweep::SlurmOptions slurm;
    slurm.task_command = prefix;
    slurm.task_command.insert(slurm.task_command.end(), {"task", dir.string()});
    slurm.task_command.insert(slurm.task_command.end(), device.begin(), device.end());
    slurm.settings = spec.sweep.slurm;
    slurm.cpus_per_task = threads;
    slurm.job_name = "fovea-" + spec.name;
    slurm.detach = o.detach;
    slurm.stop = &signals.flag();
    slurm.on_progress = progressLogger();
    slurm.local = jobContext(dir, context, &signals.flag(), o.device);
    slurm.max_attempts = spec.sweep.max_attempts;
    const auto summary = sweep::runSlurmSweep(dir, slurm);
    out = {{"backend", "slurm"}, {"arrays", summary.arrays}, {"detached", summary.detached}};
  }
  out.update(statusJson(table, dir, spec.name));
  if (signals.signal()) {
    context.print(out);
    throw ExitRequest{128 + signals.signal(), "stopped; run the same command to go on"};
  }
  return out;
}

void addSweepRun(CLI::App& sweep_command, CliContext& context) {
  auto experiment = std::make_shared<ExperimentOptions>();
  auto options = std::make_shared<SweepOptions>();
  experiment->addTo(sweep_command);
  sweep_command.add_option("--backend", options->backend, "local (this machine's cores) or slurm")
      ->check(CLI::IsMember({"local", "slurm"}))
      ->capture_default_str();
  sweep_command
      .add_option("--workers", options->workers,
                  "Local worker processes (default: cores / threads per job)")
      ->check(CLI::Range(1, 1024));
  sweep_command
      .add_option("--threads-per-job", options->threads_per_job,
                  "Threads each job uses (default: [sweep] threads_per_job)")
      ->check(CLI::Range(1, 1024));
  sweep_command.add_flag("--detach", options->detach,
                         "slurm: return once submitted; the next call follows on");
  sweep_command.add_option("--partition", options->partition, "slurm: sbatch --partition");
  sweep_command.add_option("--time", options->time, "slurm: sbatch --time per task");
  sweep_command.add_option("--mem", options->mem, "slurm: sbatch --mem per task");
  sweep_command.add_option("--gpus", options->gpus, "slurm: sbatch --gpus per task")
      ->check(CLI::Range(0, 64));
  sweep_command.add_option("--sbatch-option", options->sbatch_options,
                           "slurm: another sbatch option, e.g. --qos=long (repeatable)");
  sweep_command.add_option("--device", options->device, "Where jobs train and score: cpu or cuda")
      ->capture_default_str();
  sweep_command.callback([&context, &sweep_command, experiment, options] {
    if (!sweep_command.get_subcommands().empty()) return;  // status, work, task
    const auto out = runSweep(*experiment, *options, context);
    context.print(out);
    if (out.value("failed", 0) > 0) throw ExitRequest{kExitFailure, "some jobs failed"};
    if (out.value("open", 0) > 0 && !out.value("detached", false)) {
      throw ExitRequest{kExitFailure, "jobs are left that could not start (see sweep status)"};
    }
  });
}

void addSweepStatus(CLI::App& sweep_command, CliContext& context) {
  auto* status = sweep_command.add_subcommand(
      "status", "Done, running, failed and pending jobs per stage, with reasons");
  auto experiment = std::make_shared<ExperimentOptions>();
  experiment->addTo(*status);
  status->callback([&context, experiment] {
    const auto spec = experiment->load();
    const auto dir = experiment->experimentDir(spec);
    const auto jobs = sweep::SweepFiles(dir).jobs();
    if (!std::filesystem::exists(jobs)) {
      throw InputError(dir.string() + ": no sweep here (start one with fovea-cli sweep)");
    }
    sweep::JobTable table(jobs);
    sweep::recoverLocalJobs(table, dir, spec.sweep.max_attempts);
    context.print(statusJson(table, dir, spec.name));
  });
}

void addSweepWorker(CLI::App& sweep_command, CliContext& context) {
  auto* work = sweep_command.add_subcommand(
      "work",
      "Run the sweep's jobs in this process until none is left (what --backend local starts)");
  auto dir = std::make_shared<std::filesystem::path>();
  auto device = std::make_shared<std::string>("cpu");
  work->add_option("dir", *dir, "The experiment directory")->required();
  work->add_option("--device", *device, "cpu or cuda");
  work->callback([&context, dir, device] {
    StopOnSignals signals;
    const auto summary = sweep::runWorker(jobContext(*dir, context, &signals.flag(), *device));
    if (signals.signal()) throw ExitRequest{128 + signals.signal(), "worker stopped"};
    // The driver prints the sweep's outcome; a worker only logs, so its output never mixes in.
    spdlog::debug("worker: {} jobs done, {} failed", summary.done, summary.failed);
  });
}

void addSweepTask(CLI::App& sweep_command, CliContext& context) {
  auto* task = sweep_command.add_subcommand(
      "task", "Run one job of the sweep into its own shard (what a SLURM array task runs)");
  auto dir = std::make_shared<std::filesystem::path>();
  auto list = std::make_shared<std::filesystem::path>();
  auto index = std::make_shared<std::size_t>(0);
  auto job = std::make_shared<std::string>();
  auto device = std::make_shared<std::string>("cpu");
  task->add_option("dir", *dir, "The experiment directory")->required();
  task->add_option("--device", *device, "cpu or cuda");
  task->add_option("--job", *job, "The job id");
  task->add_option("--list", *list, "A file of job ids, one per line (with --index)");
  task->add_option("--index", *index, "The line of --list (SLURM_ARRAY_TASK_ID)");
  task->callback([&context, dir, list, index, job, device] {
    std::string id = *job;
    if (id.empty()) id = jobFromList(*list, *index);
    StopOnSignals signals;
    const int code =
        sweep::runTask(jobContext(*dir, context, &signals.flag(), *device), id, sweep::taskTag());
    if (code != 0) throw ExitRequest{code, id + ": failed (its outcome says why)"};
  });
}

}  // namespace

void addSweepCommand(CLI::App& app, CliContext& context) {
  auto* command = app.add_subcommand(
      "sweep",
      "Run an experiment as jobs (train, select, score, report) on all local cores or as SLURM "
      "job arrays; running it again skips what is done and redoes what failed");
  addSweepRun(*command, context);
  addSweepStatus(*command, context);
  addSweepWorker(*command, context);
  addSweepTask(*command, context);

  auto* collect = app.add_subcommand(
      "collect", "Merge the finished SLURM tasks' result shards into the experiment's database");
  auto experiment = std::make_shared<ExperimentOptions>();
  experiment->addTo(*collect);
  collect->callback([&context, experiment] {
    const auto spec = experiment->load();
    const auto dir = experiment->experimentDir(spec);
    sweep::JobTable table(sweep::SweepFiles(dir).jobs());
    const auto summary = sweep::collectTasks(dir, table, spec.sweep.max_attempts);
    auto out = statusJson(table, dir, spec.name);
    out["collected_jobs"] = summary.done;
    out["collected_failures"] = summary.failed;
    out["merged_rows"] = summary.rows;
    context.print(out);
  });
}

}  // namespace fovea::cli
