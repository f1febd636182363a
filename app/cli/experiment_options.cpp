#include "experiment_options.h"

namespace fovea::cli {

void ExperimentOptions::addTo(CLI::App& command) {
  command
      .add_option("experiment", experiment,
                  "Experiment spec: a TOML file or a name in experiments/ (crowding-quick, "
                  "crowding-paper)")
      ->capture_default_str();
  command.add_option("--set", overrides,
                     "Override a spec value: section.key=value (TOML syntax), repeatable");
  command.add_option("--out", out, "Experiment directory (default: fovea-runs/<name>)");
  command.add_option("--run", runs, "Only these runs (<model>-lr<rate>), repeatable");
}

experiment::ExperimentSpec ExperimentOptions::load() const {
  return experiment::loadExperimentSpec(experiment::resolveExperimentPath(experiment), overrides);
}

std::filesystem::path ExperimentOptions::experimentDir(
    const experiment::ExperimentSpec& spec) const {
  return out.empty() ? std::filesystem::path("fovea-runs") / spec.name : out;
}

std::vector<experiment::RunPlan> ExperimentOptions::selectedRuns(
    const experiment::ExperimentSpec& spec) const {
  const auto all = experiment::plannedRuns(spec);
  if (runs.empty()) return all;
  std::vector<experiment::RunPlan> chosen;
  for (const auto& name : runs) chosen.push_back(experiment::findRun(all, name));
  return chosen;
}

}  // namespace fovea::cli
