#pragma once
// The experiment commands as drivers of core's executor: train, eval, and demo (which runs
// them end to end), and the report drawn from the results database.
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "cli_context.h"
#include "core/experiment/executor.h"
#include "experiment_options.h"

namespace fovea::cli {

struct RunSettings {
  bool resume = false;  // continue from checkpoints
  bool fresh = false;   // set old run directories aside and start over
  std::string device = "cpu";
};

enum class Steps { Train, Score, Both };
// Runs the steps through the executor; prints nothing, returns the outcome as JSON. A stop by
// signal or a diverged run ends with an ExitRequest (128 + signal, or 1) after printing.
nlohmann::json runExperiment(const ExperimentOptions& experiment, const CliContext& context,
                             const RunSettings& settings, Steps steps);

struct ReportOptions {
  double width_mm = 89;
  double height_mm = 70;
  int dpi = 300;
  double font_pt = 8;
  std::vector<std::string> formats = {"svg", "pdf", "png"};
  std::string units = "px";  // or "deg": through the experiment's display model
};
nlohmann::json reportExperiment(const ExperimentOptions& experiment, const CliContext& context,
                                const ReportOptions& options);
// The same for a spec already loaded and its directory (a sweep's report job).
nlohmann::json reportExperiment(const experiment::ExperimentSpec& spec,
                                const std::filesystem::path& dir, const CliContext& context,
                                const ReportOptions& options);

}  // namespace fovea::cli

namespace fovea::experiment {
struct ExperimentFiles;
class ResultsStore;
}  // namespace fovea::experiment
namespace fovea::ui {
struct FigureStyle;
}

namespace fovea::cli {

// The attention task's report (command_report_attention.cpp).
nlohmann::json reportAttention(const experiment::ExperimentSpec& spec,
                               const experiment::ExperimentFiles& files,
                               const experiment::ResultsStore& store, const ui::FigureStyle& style,
                               const ReportOptions& options);

}  // namespace fovea::cli
