#pragma once
// The one place that names the files of an experiment directory (docs/formats.md).
#include <filesystem>
#include <string>

namespace fovea::experiment {

// A run directory: <experiment>/runs/<run>/.
struct RunFiles {
  explicit RunFiles(std::filesystem::path run_dir) : dir(std::move(run_dir)) {}
  std::filesystem::path dir;
  std::filesystem::path spec() const { return dir / "spec.toml"; }
  std::filesystem::path resolved_spec() const { return dir / "resolved.json"; }
  std::filesystem::path run_json() const { return dir / "run.json"; }
  std::filesystem::path metrics() const { return dir / "metrics.csv"; }
  std::filesystem::path checkpoint() const { return dir / "checkpoint.pt"; }
  std::filesystem::path log() const { return dir / "train.log"; }
  // One [psychophysics] condition's staircase.json, tracks.csv and thresholds CSV.
  std::filesystem::path psychophysics(const std::string& condition) const {
    return dir / "psychophysics" / condition;
  }
};

struct ExperimentFiles {
  explicit ExperimentFiles(std::filesystem::path experiment_dir) : dir(std::move(experiment_dir)) {}
  std::filesystem::path dir;
  std::filesystem::path runs() const { return dir / "runs"; }
  RunFiles run(const std::string& name) const { return RunFiles(runs() / name); }
  std::filesystem::path results() const { return dir / "results.sqlite"; }
  std::filesystem::path lock() const { return dir / "lock"; }
  std::filesystem::path report() const { return dir / "report"; }
};

}  // namespace fovea::experiment
