#pragma once
// The experiment as a sweep runs it, kept beside its jobs (sweep/spec.json): workers and SLURM
// tasks started later read this copy, not a spec file the user may have edited since.
#include <filesystem>

#include "core/experiment/experiment_spec.h"

namespace fovea::sweep {

void saveSweepSpec(const std::filesystem::path& experiment_dir,
                   const experiment::ExperimentSpec& spec);
// InputError naming the file when there is no sweep here or its copy is damaged.
experiment::ExperimentSpec loadSweepSpec(const std::filesystem::path& experiment_dir);

}  // namespace fovea::sweep
