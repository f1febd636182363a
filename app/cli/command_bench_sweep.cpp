// fovea-cli bench sweep: what the sweep machinery costs beyond the work: results written per
// second by 1 and 4 processes at once, seconds per job of the local pool over 1000 jobs that do
// nothing, and (with --slurm, on a running cluster) an array of 100 such jobs from submission to
// collection.
#include <spdlog/spdlog.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>

#include "cli_context.h"
#include "core/experiment/results_store.h"
#include "core/sweep/local_pool.h"
#include "core/sweep/slurm_backend.h"
#include "core/sweep/sweep_files.h"
#include "core/sweep/sweep_spec_file.h"
#include "core/util/errors.h"
#include "experiment_options.h"
#include "scratch_dir.h"

namespace fovea::cli {
namespace {

using Clock = std::chrono::steady_clock;

double since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

std::string selfExecutable() {
  return std::filesystem::read_symlink("/proc/self/exe").string();
}

// Results per second when `writers` processes each commit `cells` cells, one transaction per
// cell as scoring does.
double storeResultsPerSecond(const std::filesystem::path& dir, int writers, int cells) {
  const auto path = dir / ("store-" + std::to_string(writers) + ".sqlite");
  { experiment::ResultsStore schema(path); }
  const auto started = Clock::now();
  std::vector<pid_t> children;
  for (int w = 0; w < writers; ++w) {
    const pid_t child = ::fork();
    if (child < 0) throw InputError("bench sweep: cannot fork a writer");
    if (child == 0) {
      int code = 0;
      try {
        experiment::ResultsStore store(path);
        for (int i = 0; i < cells; ++i) {
          eval::ConditionResult r;
          r.condition = {2, 60.0 * i, 60.0 * i + 120};
          r.images = 100;
          r.correct = 50;
          r.accuracy = 0.5;
          store.putAccuracy("writer" + std::to_string(w), {r}, "crc");
        }
      } catch (...) {
        code = 1;
      }
      ::_exit(code);
    }
    children.push_back(child);
  }
  bool ok = true;
  for (pid_t child : children) {
    int status = 0;
    ::waitpid(child, &status, 0);
    ok = ok && WIFEXITED(status) && WEXITSTATUS(status) == 0;
  }
  const double seconds = since(started);
  if (!ok) throw InputError("bench sweep: a writer failed on " + path.string());
  experiment::ResultsStore check(path);
  if (check.accuracy().size() != static_cast<std::size_t>(writers * cells)) {
    throw InputError("bench sweep: results were lost in " + path.string());
  }
  return writers * cells / seconds;
}

// A sweep directory holding `jobs` idle jobs (the spec only names the experiment).
std::filesystem::path idleSweep(const std::filesystem::path& dir, std::size_t jobs) {
  std::filesystem::create_directories(dir);
  ExperimentOptions experiment;
  sweep::saveSweepSpec(dir, experiment.load());
  sweep::JobTable table(sweep::SweepFiles(dir).jobs());
  table.sync(sweep::idlePlan(jobs, 0), false);
  return dir;
}

nlohmann::json localOverhead(const std::filesystem::path& scratch, std::size_t jobs) {
  const auto dir = idleSweep(scratch / "local", jobs);
  sweep::LocalPoolOptions pool;
  pool.worker_command = {selfExecutable(), "--threads", "1",    "--log-level",
                         "warning",        "sweep",     "work", dir.string()};
  pool.workers = sweep::localWorkers(1);
  pool.poll_seconds = 0.05;
  const auto started = Clock::now();
  sweep::runLocalPool(dir, pool);
  const double seconds = since(started);
  sweep::JobTable table(sweep::SweepFiles(dir).jobs());
  if (table.counts().at(0).done != jobs) throw InputError("bench sweep: not every idle job ran");
  return {{"local_jobs", jobs},
          {"local_workers", pool.workers},
          {"local_seconds", seconds},
          // Worker time per job: the pool's wall time times its workers, over the jobs.
          {"local_overhead_s_per_job", seconds * pool.workers / double(jobs)}};
}

nlohmann::json slurmArray(const std::filesystem::path& scratch, std::size_t jobs) {
  const auto dir = idleSweep(scratch / "slurm", jobs);
  sweep::SlurmOptions slurm;
  slurm.task_command = {selfExecutable(), "--threads", "1",    "--log-level",
                        "warning",        "sweep",     "task", dir.string()};
  slurm.poll_seconds = 0.2;
  slurm.job_name = "fovea-bench";
  const auto started = Clock::now();
  sweep::runSlurmSweep(dir, slurm);
  const double seconds = since(started);
  sweep::JobTable table(sweep::SweepFiles(dir).jobs());
  if (table.counts().at(0).done != jobs) {
    throw InputError("bench sweep: the SLURM array left jobs undone (see " +
                     sweep::SweepFiles(dir).slurm().string() + ")");
  }
  return {{"slurm_jobs", jobs}, {"slurm_array_seconds", seconds}};
}

}  // namespace

void addSweepBenchCommand(CLI::App& bench, CliContext& context) {
  auto* command = bench.add_subcommand(
      "sweep",
      "The sweep's overhead: store_results_per_s with 1 and 4 writing processes, "
      "local_overhead_s_per_job over 1000 idle jobs, and with --slurm an array of 100 idle "
      "jobs on the cluster SLURM_CONF names");
  auto jobs = std::make_shared<std::size_t>(1000);
  auto cells = std::make_shared<int>(500);
  auto slurm = std::make_shared<bool>(false);
  command->add_option("--jobs", *jobs, "Idle jobs for the local pool")
      ->check(CLI::Range(1, 100000))
      ->capture_default_str();
  command->add_option("--cells", *cells, "Cells each writer commits")
      ->check(CLI::Range(1, 100000))
      ->capture_default_str();
  command->add_flag("--slurm", *slurm, "Also time an array of 100 idle jobs on SLURM");
  command->callback([&context, jobs, cells, slurm] {
    const ScratchDir scratch;
    std::filesystem::create_directories(scratch.path);
    nlohmann::json out = {{"benchmark", "sweep"}};
    out["store_results_per_s_1_writer"] = storeResultsPerSecond(scratch.path, 1, *cells);
    out["store_results_per_s_4_writers"] = storeResultsPerSecond(scratch.path, 4, *cells);
    out.update(localOverhead(scratch.path, *jobs));
    if (*slurm) out.update(slurmArray(scratch.path, 100));
    context.print(out);
  });
}

}  // namespace fovea::cli
