#pragma once
// The three steps of an experiment, shared by their own commands and by `demo`, which runs
// them end to end.
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "cli_context.h"
#include "core/train/trainer.h"
#include "experiment_options.h"

namespace fovea::cli {

nlohmann::json trainRuns(const ExperimentOptions& experiment, const CliContext& context,
                         const train::TrainOptions& base);
nlohmann::json evaluateRuns(const ExperimentOptions& experiment, const CliContext& context,
                            const std::string& device);

struct ReportOptions {
  double width_mm = 89;
  double height_mm = 70;
  int dpi = 300;
  double font_pt = 8;
  std::vector<std::string> formats = {"svg", "pdf", "png"};
};
nlohmann::json reportExperiment(const ExperimentOptions& experiment, const CliContext& context,
                                const ReportOptions& options);

}  // namespace fovea::cli
