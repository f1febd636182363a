#pragma once
// How an experiment runs as a sweep ([sweep] and [sweep.slurm]): how its grid is cut into
// jobs, how many threads each job takes, and what a SLURM array asks for.
#include <cstddef>
#include <string>
#include <vector>

namespace fovea::experiment {

struct SlurmSettings {
  std::string partition;           // empty: the cluster's default
  std::string time;                // sbatch --time, e.g. "02:00:00"; empty: the partition's default
  std::string mem;                 // sbatch --mem, e.g. "4G"
  int gpus = 0;                    // sbatch --gpus per task
  std::vector<std::string> extra;  // further sbatch options, passed as they are
};

struct SweepSettings {
  // Grid cells per scoring job (0: one job scores a run's whole grid).
  std::size_t cells_per_job = 0;
  // Threads each job uses; the local pool runs cores / threads_per_job jobs at once and a
  // SLURM task asks for this many CPUs.
  int threads_per_job = 1;
  // Score only the runs the learning-rate rule selects ("selected"), or every run ("all").
  std::string score = "selected";
  // Attempts a job gets before it stays failed until the next `fovea-cli sweep`.
  int max_attempts = 3;
  SlurmSettings slurm;
};

}  // namespace fovea::experiment
