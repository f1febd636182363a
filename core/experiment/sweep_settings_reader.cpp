#include "core/experiment/sweep_settings_reader.h"

namespace fovea::experiment {
namespace {

// Grids beyond this many cells per job or threads per job are typing errors, not plans.
constexpr std::int64_t kMaxCellsPerJob = 1'000'000;
constexpr int kMaxThreadsPerJob = 1024;
constexpr int kMaxGpus = 64;
constexpr int kMaxAttempts = 100;

SlurmSettings readSlurm(SectionReader& sweep, const std::string& source) {
  SlurmSettings slurm;
  const toml::table* table = sweep.table("slurm");
  if (!table) return slurm;
  SectionReader r(table, "sweep.slurm", source);
  assign(slurm.partition, r.text("partition"));
  assign(slurm.time, r.text("time"));
  assign(slurm.mem, r.text("mem"));
  assign(slurm.gpus, r.integer("gpus"));
  assign(slurm.extra, r.texts("extra"));
  r.finish();
  if (slurm.gpus < 0 || slurm.gpus > kMaxGpus) {
    r.failAt("gpus", "sweep.slurm.gpus must be 0 to " + std::to_string(kMaxGpus));
  }
  for (const auto& option : slurm.extra) {
    if (option.rfind("-", 0) != 0) {
      r.failAt("extra", "sweep.slurm.extra holds sbatch options such as \"--qos=long\", got '" +
                            option + "'");
    }
  }
  return slurm;
}

}  // namespace

SweepSettings readSweepSettings(const toml::table& root, const std::string& source) {
  SweepSettings sweep;
  SectionReader r(root, "sweep", source);
  if (!r.present()) return sweep;
  if (auto cells = r.integer64("cells_per_job")) {
    if (*cells < 0 || *cells > kMaxCellsPerJob) {
      r.failAt("cells_per_job", "sweep.cells_per_job must be 0 (a run's whole grid) to " +
                                    std::to_string(kMaxCellsPerJob));
    }
    sweep.cells_per_job = static_cast<std::size_t>(*cells);
  }
  assign(sweep.threads_per_job, r.integer("threads_per_job"));
  assign(sweep.score, r.text("score"));
  assign(sweep.max_attempts, r.integer("max_attempts"));
  sweep.slurm = readSlurm(r, source);
  r.finish();
  if (sweep.threads_per_job < 1 || sweep.threads_per_job > kMaxThreadsPerJob) {
    r.failAt("threads_per_job",
             "sweep.threads_per_job must be 1 to " + std::to_string(kMaxThreadsPerJob));
  }
  if (sweep.score != "selected" && sweep.score != "all") {
    r.failAt("score", "sweep.score must be selected or all, got '" + sweep.score + "'");
  }
  if (sweep.max_attempts < 1 || sweep.max_attempts > kMaxAttempts) {
    r.failAt("max_attempts", "sweep.max_attempts must be 1 to " + std::to_string(kMaxAttempts));
  }
  return sweep;
}

}  // namespace fovea::experiment
