#pragma once
// An experiment expanded into jobs with stable identities: the same spec gives the same ids and
// fingerprints, so a sweep run again skips what is done and redoes only what changed.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "core/experiment/experiment_spec.h"

namespace fovea::sweep {

// Stages run in this order; a stage starts when every job of the stages before it is done.
enum class JobKind {
  Prepare,  // build what the jobs share (filter banks) once, before anyone needs it
  Train,    // one run
  Select,   // the learning-rate rule over the trained runs
  Score,    // a range of one run's grid cells
  Measure,  // one run's thresholds under [psychophysics]
  Report,   // figures and tidy CSV from the results
  Idle,     // does nothing for `work_ms` (the bench's trivial jobs)
};
std::string toString(JobKind kind);
JobKind parseJobKind(const std::string& text);  // InputError for an unknown kind

struct SweepJob {
  std::string id;  // "train/ecc-lr0.001", "score/ecc-lr0.001/0-40", "select", ...
  JobKind kind = JobKind::Idle;
  std::string run;  // Train, Score, Measure
  std::size_t first_cell = 0;
  std::size_t end_cell = 0;
  std::int64_t work_ms = 0;  // Idle
  // Changes when anything that decides the job's result changes (the run's resolved spec, the
  // grid, the selection rule): a done job whose fingerprint changed runs again.
  std::string fingerprint;
  int stage = 0;  // its kind's place in the order; for training, after its init_from source
};

struct SweepPlan {
  std::vector<SweepJob> jobs;
};

SweepPlan planSweep(const experiment::ExperimentSpec& spec);
// `count` jobs that each sleep `work_ms`: what the local pool's overhead is measured with.
SweepPlan idlePlan(std::size_t count, std::int64_t work_ms);

// The ids of the score jobs of `run`.
bool isScoreJobOf(const SweepJob& job, const std::string& run);

}  // namespace fovea::sweep
