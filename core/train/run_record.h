#pragma once
#include <string>

#include "core/experiment/experiment_spec.h"
#include "core/experiment/results_store.h"
#include "core/train/trainer.h"

namespace fovea::train {

// A trained run as the results database records it, read from its run directory (run.json,
// written by trainRun, and the checkpoint's CRC). InputError naming the file when run.json is
// missing or damaged.
experiment::RunRecord readRunRecord(const experiment::ExperimentSpec& spec,
                                    const experiment::RunPlan& run, const RunFiles& files);

// The run's status in run.json (running, stopped, diverged, finished), or "" when there is none.
std::string runStatus(const RunFiles& files);

}  // namespace fovea::train
