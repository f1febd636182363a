#pragma once
#include <CLI/CLI.hpp>

#include <filesystem>
#include <string>
#include <vector>

#include "core/experiment/experiment_spec.h"

namespace fovea::cli {

// The experiment, its overrides and where its results live; shared by train, eval and report.
struct ExperimentOptions {
  std::string experiment = "crowding-quick";
  std::vector<std::string> overrides;
  std::filesystem::path out;      // default: ./fovea-runs/<experiment name>
  std::vector<std::string> runs;  // empty: every run of the experiment

  void addTo(CLI::App& command);
  experiment::ExperimentSpec load() const;
  std::filesystem::path experimentDir(const experiment::ExperimentSpec& spec) const;
  std::vector<experiment::RunPlan> selectedRuns(const experiment::ExperimentSpec& spec) const;
};

}  // namespace fovea::cli
