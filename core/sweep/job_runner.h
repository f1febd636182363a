#pragma once
// Runs one sweep job in this process through the experiment's executor: what a local worker
// and a SLURM task both do with the job they hold.
#include <atomic>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "core/experiment/experiment_spec.h"
#include "core/sweep/sweep_plan.h"

namespace fovea::sweep {

struct JobContext {
  std::filesystem::path dir;    // the experiment directory
  std::filesystem::path store;  // results go here (empty: the experiment's results.sqlite)
  int threads = 1;
  std::string device = "cpu";
  const std::atomic<bool>* stop = nullptr;
  // The report stage (figures are drawn above core); left empty, a report job fails saying so.
  std::function<std::string(const experiment::ExperimentSpec&, const std::filesystem::path&)>
      report;
};

struct JobOutcome {
  bool ok = false;
  bool stopped = false;  // a stop request ended it: it runs again, the attempt not counted
  std::string reason;    // what it did, or why it failed
  std::vector<std::string> selected;  // Select: the runs to score
};

// Never throws for a job's own failure: an exception becomes ok = false with its message.
JobOutcome runJob(const experiment::ExperimentSpec& spec, const SweepJob& job,
                  const JobContext& context);

}  // namespace fovea::sweep
